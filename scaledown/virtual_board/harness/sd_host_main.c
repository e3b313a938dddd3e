/* Host build of the model library: read the input bytes from argv[1], run
 * sd_model_invoke once and write the output bytes to argv[2]. The virtual
 * board's output is compared with what this program writes. */
#include <stdint.h>
#include <stdio.h>

#include "sd_model.h"

static int8_t sd_input[SD_MODEL_INPUT_BYTES];
static int8_t sd_output[SD_MODEL_OUTPUT_BYTES];

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s INPUT.bin OUTPUT.bin\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in || fread(sd_input, 1, sizeof sd_input, in) != sizeof sd_input) {
        fprintf(stderr, "cannot read %u input bytes from %s\n",
                (unsigned)sizeof sd_input, argv[1]);
        return 2;
    }
    fclose(in);
    int rc = sd_model_invoke(sd_input, sd_output);
    if (rc != 0) {
        fprintf(stderr, "sd_model_invoke returned %d\n", rc);
        return 3;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(sd_output, 1, sizeof sd_output, out) != sizeof sd_output) {
        fprintf(stderr, "cannot write %s\n", argv[2]);
        return 2;
    }
    return fclose(out) == 0 ? 0 : 2;
}
