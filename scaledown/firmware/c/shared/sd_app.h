/* The ScaleDown application: self-check, timing and the SDRESULT v1 line.
 *
 * sd_app_run() runs the model on the sample input embedded at export time,
 * compares the output with the one your computer computed (bit-exact), times
 * SD_PROJECT_RUNS inferences and prints one result line. The format of that
 * line is defined once, in scaledown/virtual_board/result_line.py.
 */
#ifndef SD_APP_H_
#define SD_APP_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes, as the virtual board returns them: 0 PASS, 1 FAIL, 2 ERROR. */
#define SD_APP_PASS 0
#define SD_APP_FAIL 1
#define SD_APP_ERROR 2

/* Run the self-check and print the result line; returns SD_APP_PASS, _FAIL or _ERROR. */
int sd_app_run(void);

/* One step of the sensor loop: read the sensor (sd_sensor.c), run the model, print the
 * class. Returns 0 when no sensor is connected yet (sd_sensor_read returned 0). */
int sd_app_sensor_step(void);

/* YOUR SENSOR: fill input with SD_MODEL_INPUT_BYTES int8 values; return 1, or 0 when
 * there is no new reading. Defined in sd_sensor.c. */
int sd_sensor_read(int8_t *input);

#ifdef __cplusplus
}
#endif

#endif /* SD_APP_H_ */
