/* ScaleDown int8 kernel library: the operators sd.compile emits calls to.
 *
 * Plain C99, integer arithmetic only: no malloc, no printf, no libm, no
 * other header than <stdint.h>. Every kernel reproduces TFLite-Micro's
 * reference int8 arithmetic (the same rounding at every step), so a
 * compiled model gives the same bytes as the TFLite-Micro interpreter.
 *
 * Tensors are row-major NHWC int8 arrays. Quantization parameters are
 * worked out by the compiler on the host and written as constants. The
 * code assumes that >> on a negative int32_t is an arithmetic shift, as
 * GCC, Clang and Arm's compilers do.
 */
#ifndef SD_KERNELS_H_
#define SD_KERNELS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A 4-D tensor shape: batches, height, width, channels. */
typedef struct {
  int32_t n, h, w, c;
} sd_shape;

/* CONV_2D and DEPTHWISE_CONV_2D. */
typedef struct {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_h, pad_w;          /* padding before the first row / column */
  int32_t input_offset;          /* minus the input zero point */
  int32_t output_offset;         /* the output zero point */
  int32_t act_min, act_max;      /* fused activation, as an int8 range */
  int32_t depth_multiplier;      /* depthwise only */
} sd_conv_params;

/* FULLY_CONNECTED. */
typedef struct {
  int32_t input_offset, filter_offset, output_offset;
  int32_t act_min, act_max;
} sd_fc_params;

/* Weights packed losslessly with a canonical Huffman code (sd.compile's default for
 * FULLY_CONNECTED weights, when it saves flash). The kernel decodes them value by
 * value as it multiplies, so the result is the same as with the raw weights. */
typedef struct {
  const uint8_t *stream;         /* the codes, most significant bit first, then 4 zero bytes */
  const uint16_t *fast;          /* 256 entries: length << 8 | value of the code the next
                                    8 bits start with, or 0 when it is longer than 8 bits */
  const uint16_t *counts;        /* counts[n]: how many codes are n bits long, n = 0..16 */
  const uint8_t *symbols;        /* the values in code order */
} sd_packed_s8;

/* AVERAGE_POOL_2D and MAX_POOL_2D. */
typedef struct {
  int32_t stride_h, stride_w;
  int32_t filter_h, filter_w;
  int32_t pad_h, pad_w;
  int32_t act_min, act_max;
} sd_pool_params;

/* ADD: both inputs rescaled to a common scale, summed, rescaled to the output. */
typedef struct {
  int32_t input1_offset, input2_offset, output_offset;
  int32_t left_shift;
  int32_t input1_multiplier, input1_shift;
  int32_t input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
} sd_add_params;

/* SOFTMAX (int8 in, int8 out with scale 1/256 and zero point -128). */
typedef struct {
  int32_t input_multiplier, input_left_shift, diff_min;
} sd_softmax_params;

/* MEAN over some of the four axes; the multiplier already holds 1/count. */
typedef struct {
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;
  int32_t count;                 /* values averaged into each output */
  int32_t reduce[4];             /* 1 for each axis (n, h, w, c) averaged over */
} sd_mean_params;

/* LOGISTIC (int8 in, int8 out with zero point -128): the input in Q4.27 fixed point. */
typedef struct {
  int32_t input_zero_point, input_range_radius, input_multiplier, input_left_shift;
} sd_logistic_params;

/* Fixed-point helpers, exposed so tests can check them one by one. */
int32_t sd_saturating_rounding_doubling_high_mul(int32_t a, int32_t b);
int32_t sd_rounding_divide_by_pot(int32_t x, int32_t exponent);
int32_t sd_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* Kernels. `multiplier` and `shift` hold one entry per output channel. */
void sd_conv2d_s8(const sd_conv_params *p, const int32_t *multiplier, const int32_t *shift,
                  sd_shape in_shape, const int8_t *in,
                  sd_shape filter_shape, const int8_t *filter, const int32_t *bias,
                  sd_shape out_shape, int8_t *out);
void sd_depthwise_conv2d_s8(const sd_conv_params *p, const int32_t *multiplier,
                            const int32_t *shift, sd_shape in_shape, const int8_t *in,
                            sd_shape filter_shape, const int8_t *filter, const int32_t *bias,
                            sd_shape out_shape, int8_t *out);
/* `per_channel`: 0 uses multiplier[0]/shift[0] for every unit. */
void sd_fully_connected_s8(const sd_fc_params *p, const int32_t *multiplier,
                           const int32_t *shift, int32_t per_channel, int32_t batches,
                           int32_t depth, int32_t units, const int8_t *in,
                           const int8_t *filter, const int32_t *bias, int8_t *out);
/* The same with `filter` packed (sd_packed_s8); same arithmetic, same output. */
void sd_fully_connected_packed_s8(const sd_fc_params *p, const int32_t *multiplier,
                                  const int32_t *shift, int32_t per_channel, int32_t batches,
                                  int32_t depth, int32_t units, const int8_t *in,
                                  const sd_packed_s8 *filter, const int32_t *bias, int8_t *out);
void sd_average_pool_s8(const sd_pool_params *p, sd_shape in_shape, const int8_t *in,
                        sd_shape out_shape, int8_t *out);
void sd_max_pool_s8(const sd_pool_params *p, sd_shape in_shape, const int8_t *in,
                    sd_shape out_shape, int8_t *out);
void sd_add_s8(const sd_add_params *p, int32_t size, const int8_t *in1, const int8_t *in2,
               int8_t *out);
void sd_softmax_s8(const sd_softmax_params *p, int32_t rows, int32_t depth, const int8_t *in,
                   int8_t *out);
void sd_requantize_s8(int32_t size, int32_t input_zero_point, int32_t output_zero_point,
                      int32_t multiplier, int32_t shift, const int8_t *in, int8_t *out);
void sd_copy_s8(int32_t size, const int8_t *in, int8_t *out);
/* PAD: `before` holds the rows added before each axis (n, h, w, c); the rest are after. */
void sd_pad_s8(sd_shape in_shape, const int8_t *in, const int32_t *before, sd_shape out_shape,
               int32_t value, int8_t *out);
/* CONCATENATION: `outer` blocks, each the next part_bytes[i] bytes of every part in turn. */
void sd_concat_s8(int32_t outer, int32_t count, const int8_t *const *parts,
                  const int32_t *part_bytes, int8_t *out);
void sd_logistic_s8(const sd_logistic_params *p, int32_t size, const int8_t *in, int8_t *out);
void sd_mean_s8(const sd_mean_params *p, sd_shape in_shape, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* SD_KERNELS_H_ */
