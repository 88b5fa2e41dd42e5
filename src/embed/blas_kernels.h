// OpenBLAS picks its kernels once, when it loads, from the CPU's model number. Debian 12's
// OpenBLAS 0.3.21 does not know models newer than it (Sapphire and Emerald Rapids, family 6
// model 143/207: the project machines) and falls back to Prescott, 2004's SSE3 kernels: every
// sgemm then runs at a fraction of the machine's speed (the transformer's forward pass, FAISS's
// k-means and searches). The library reads OPENBLAS_CORETYPE only at load time, so the fix is to
// set it and start the program again.
#pragma once

#include <string>

namespace paperboy {

// The kernel family OpenBLAS chose ("Prescott", "SkylakeX", …).
std::string blas_kernels();

// The family this CPU can run at its full width, when OpenBLAS chose an older one: "SkylakeX"
// (AVX-512 F/BW/DQ/VL), "Haswell" (AVX2 + FMA); empty when its choice is right or cannot be
// bettered.
std::string better_blas_kernels();

// Call first thing in main(): when better_blas_kernels() names a family and OPENBLAS_CORETYPE
// is unset, sets it and re-executes this program with the same arguments (an exec that fails
// leaves it running as it was). PAPERBOY_BLAS_AS_IS=1 turns this off.
void use_best_blas_kernels(char** argv);

}  // namespace paperboy
