/* ==================================================================== *
 *  CONNECT YOUR SENSOR HERE                                            *
 * ==================================================================== *
 *
 * sd_sensor_read() is the one function you change to run the model on
 * real readings. Fill input[0 .. SD_MODEL_INPUT_BYTES-1] with one sample in
 * the layout the model was trained on (sd_model.h describes it), each value
 * quantized the way the model expects:
 *
 *     q = round(x / SD_MODEL_INPUT_SCALE) + SD_MODEL_INPUT_ZERO_POINT
 *     (then clamp q to -128 .. 127)
 *
 * Return 1 when input holds a new reading, 0 when there is none. As
 * written it returns 0, so the program stops after its self-check.
 */
#include <stdint.h>

#include "sd_app.h"
#include "sd_model.h"

int sd_sensor_read(int8_t *input)
{
    (void)input; /* read your sensor here, e.g. an accelerometer or a microphone */
    return 0;
}
