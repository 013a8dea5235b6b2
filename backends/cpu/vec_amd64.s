#include "textflag.h"

// func cexpStep4(v, ie, ii, inE, inI []float64, left []int32, flags []byte, k *cexpConsts)
// Each slice header is 24 bytes: v+0, ie+24, ii+48, inE+72, inI+96,
// left+120, flags+144, k+168.
//
// Per group of four neurons (language.md section 4, lif_curr_exp with
// shared constants; the same operations in the same order as stepShared):
//   ie += inE; ii += inI; inE = inI = 0
//   ie' = ie * decE; ii' = ii * decI
//   vn = ((vRest + (v - vRest) * p11) + c + ie * pe) - ii * pi
//   refractory (left > 0): v kept, left -= 1; else v = vn
//   flags = (vn >= vTh or not vn > -1e308) and not refractory
TEXT ·cexpStep4(SB), NOSPLIT, $0-176
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ ie_base+24(FP), SI
	MOVQ ii_base+48(FP), DX
	MOVQ inE_base+72(FP), R8
	MOVQ inI_base+96(FP), R9
	MOVQ left_base+120(FP), R10
	MOVQ flags_base+144(FP), R11
	MOVQ k+168(FP), R12

	VBROADCASTSD 0(R12), Y0   // vRest
	VBROADCASTSD 8(R12), Y1   // p11
	VBROADCASTSD 16(R12), Y2  // c
	VBROADCASTSD 24(R12), Y3  // pe
	VBROADCASTSD 32(R12), Y4  // pi
	VBROADCASTSD 40(R12), Y5  // decE
	VBROADCASTSD 48(R12), Y6  // decI
	VBROADCASTSD 56(R12), Y7  // vTh
	VBROADCASTSD 64(R12), Y8  // -1e308
	VXORPD Y15, Y15, Y15      // zero

	XORQ AX, AX               // neuron index
	XORQ BX, BX               // group index
loop:
	CMPQ AX, CX
	JGE done

	VMOVUPD (SI)(AX*8), Y9            // ie
	VADDPD (R8)(AX*8), Y9, Y9         // ie += inE
	VMOVUPD (DX)(AX*8), Y10           // ii
	VADDPD (R9)(AX*8), Y10, Y10       // ii += inI
	VMOVUPD Y15, (R8)(AX*8)           // inE = 0
	VMOVUPD Y15, (R9)(AX*8)           // inI = 0
	VMULPD Y5, Y9, Y11                // ie * decE
	VMOVUPD Y11, (SI)(AX*8)
	VMULPD Y6, Y10, Y11               // ii * decI
	VMOVUPD Y11, (DX)(AX*8)

	VMOVUPD (DI)(AX*8), Y12           // v
	VSUBPD Y0, Y12, Y13               // v - vRest
	VMULPD Y1, Y13, Y13               // (v - vRest) * p11
	VADDPD Y13, Y0, Y13               // vRest + ...
	VADDPD Y2, Y13, Y13               // + c
	VMULPD Y3, Y9, Y14                // ie * pe
	VADDPD Y14, Y13, Y13              // + ie*pe
	VMULPD Y4, Y10, Y14               // ii * pi
	VSUBPD Y14, Y13, Y13              // - ii*pi   (Y13 = vn)

	VMOVDQU (R10)(AX*4), X9           // left (4 x int32)
	VPXOR X10, X10, X10
	VPCMPGTD X10, X9, X10             // X10 = left > 0 ? -1 : 0
	VPADDD X10, X9, X9                // left -= 1 where refractory
	VMOVDQU X9, (R10)(AX*4)
	VPMOVSXDQ X10, Y10                // refractory mask, 64-bit lanes

	VBLENDVPD Y10, Y12, Y13, Y11      // refractory ? v : vn
	VMOVUPD Y11, (DI)(AX*8)

	VCMPPD $0x1D, Y7, Y13, Y11        // vn >= vTh (GE_OQ)
	VCMPPD $0x0A, Y8, Y13, Y14        // not (vn > -1e308) (NGT_UQ: NaN too)
	VORPD Y14, Y11, Y11
	VANDNPD Y11, Y10, Y11             // and not refractory
	VMOVMSKPD Y11, R13
	MOVB R13, (R11)(BX*1)

	ADDQ $4, AX
	INCQ BX
	JMP loop
done:
	VZEROUPPER
	RET
