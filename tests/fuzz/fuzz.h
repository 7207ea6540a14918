/* fuzz.h: what every harness and the standalone driver share.
 *
 * libFuzzer calls LLVMFuzzerTestOneInput; the driver (driver.c) calls it
 * on files, so that the inputs a fuzzer once crashed on stay in
 * `make check` without clang. -Wmissing-prototypes wants a declaration.
 */
#ifndef PLANTRACK_FUZZ_H
#define PLANTRACK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
