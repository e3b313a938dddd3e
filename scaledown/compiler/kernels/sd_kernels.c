/* ScaleDown int8 kernel library (see sd_kernels.h).
 *
 * The arithmetic follows TFLite-Micro's reference int8 kernels step by step:
 * a 32-bit accumulator, then a fixed-point multiplier (a Q31 value and a
 * power-of-two shift) with round-half-away-from-zero at each of its two
 * steps, then the output zero point and the activation clamp. Softmax uses
 * the same fixed-point exponential and reciprocal (Q5.26 input differences,
 * Q12 sum of exponentials) as TFLite-Micro's int8 softmax.
 */
#include "sd_kernels.h"

#define SD_INT32_MIN (-2147483647 - 1)
#define SD_INT32_MAX 2147483647

static int32_t sd_min(int32_t a, int32_t b) { return a < b ? a : b; }
static int32_t sd_max(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t sd_clamp(int32_t x, int32_t lo, int32_t hi) { return sd_min(sd_max(x, lo), hi); }

/* Additions and left shifts that wrap instead of being undefined. */
static int32_t sd_wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int32_t sd_wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static int32_t sd_wrap_shl(int32_t x, int32_t s) { return (int32_t)((uint32_t)x << s); }

int32_t sd_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  int64_t product;
  int32_t nudge;
  if (a == SD_INT32_MIN && b == SD_INT32_MIN) return SD_INT32_MAX;
  product = (int64_t)a * (int64_t)b;
  nudge = product >= 0 ? (1 << 30) : (1 - (1 << 30));
  /* C division truncates toward zero, as the reference does */
  return (int32_t)((product + nudge) / ((int64_t)1 << 31));
}

int32_t sd_rounding_divide_by_pot(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t sd_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return sd_rounding_divide_by_pot(
      sd_saturating_rounding_doubling_high_mul(sd_wrap_shl(x, left), multiplier), right);
}

static int32_t sd_offset(sd_shape s, int32_t n, int32_t y, int32_t x, int32_t c) {
  return ((n * s.h + y) * s.w + x) * s.c + c;
}

static int8_t sd_finish(int32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset,
                        int32_t act_min, int32_t act_max) {
  acc = sd_multiply_by_quantized_multiplier(acc, multiplier, shift);
  acc += output_offset;
  return (int8_t)sd_clamp(acc, act_min, act_max);
}

/* The filter taps [*start, *end) that fall inside the input, for an origin `in0`. */
static void sd_taps(int32_t in0, int32_t dilation, int32_t taps, int32_t size, int32_t *start,
                    int32_t *end) {
  int32_t t = 0;
  while (t < taps && in0 + dilation * t < 0) ++t;
  *start = t;
  while (t < taps && in0 + dilation * t < size) ++t;
  *end = t;
}

void sd_conv2d_s8(const sd_conv_params *p, const int32_t *multiplier, const int32_t *shift,
                  sd_shape in_shape, const int8_t *in,
                  sd_shape filter_shape, const int8_t *filter, const int32_t *bias,
                  sd_shape out_shape, int8_t *out) {
  const int32_t depth = filter_shape.c;
  const int32_t offset = p->input_offset;
  int32_t b, oy, ox, oc, fy, fx, ic;
  for (b = 0; b < out_shape.n; ++b) {
    for (oy = 0; oy < out_shape.h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      int32_t fy0, fy1;
      sd_taps(in_y0, p->dilation_h, filter_shape.h, in_shape.h, &fy0, &fy1);
      for (ox = 0; ox < out_shape.w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        int8_t *y = out + sd_offset(out_shape, b, oy, ox, 0);
        int32_t fx0, fx1;
        sd_taps(in_x0, p->dilation_w, filter_shape.w, in_shape.w, &fx0, &fx1);
        for (oc = 0; oc < out_shape.c; ++oc) {
          int32_t acc = 0;
          for (fy = fy0; fy < fy1; ++fy) {
            const int32_t in_y = in_y0 + p->dilation_h * fy;
            for (fx = fx0; fx < fx1; ++fx) {
              const int8_t *x_row = in + sd_offset(in_shape, b, in_y, in_x0 + p->dilation_w * fx, 0);
              const int8_t *w_row = filter + sd_offset(filter_shape, oc, fy, fx, 0);
              for (ic = 0; ic < depth; ++ic) {
                acc += (int32_t)w_row[ic] * ((int32_t)x_row[ic] + offset);
              }
            }
          }
          if (bias) acc += bias[oc];
          y[oc] = sd_finish(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min,
                            p->act_max);
        }
      }
    }
  }
}

void sd_depthwise_conv2d_s8(const sd_conv_params *p, const int32_t *multiplier,
                            const int32_t *shift, sd_shape in_shape, const int8_t *in,
                            sd_shape filter_shape, const int8_t *filter, const int32_t *bias,
                            sd_shape out_shape, int8_t *out) {
  const int32_t channels = out_shape.c;
  const int32_t offset = p->input_offset;
  int32_t b, oy, ox, ic, m, fy, fx;
  for (b = 0; b < out_shape.n; ++b) {
    for (oy = 0; oy < out_shape.h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      int32_t fy0, fy1;
      sd_taps(in_y0, p->dilation_h, filter_shape.h, in_shape.h, &fy0, &fy1);
      for (ox = 0; ox < out_shape.w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        int8_t *y = out + sd_offset(out_shape, b, oy, ox, 0);
        int32_t fx0, fx1;
        sd_taps(in_x0, p->dilation_w, filter_shape.w, in_shape.w, &fx0, &fx1);
        for (ic = 0; ic < in_shape.c; ++ic) {
          for (m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = m + ic * p->depth_multiplier;
            int32_t acc = 0;
            for (fy = fy0; fy < fy1; ++fy) {
              const int32_t in_y = in_y0 + p->dilation_h * fy;
              const int8_t *x_row = in + sd_offset(in_shape, b, in_y, 0, ic);
              const int8_t *w_row = filter + (fy * filter_shape.w) * channels + oc;
              for (fx = fx0; fx < fx1; ++fx) {
                const int32_t in_x = in_x0 + p->dilation_w * fx;
                acc += (int32_t)w_row[fx * channels] *
                       ((int32_t)x_row[in_x * in_shape.c] + offset);
              }
            }
            if (bias) acc += bias[oc];
            y[oc] = sd_finish(acc, multiplier[oc], shift[oc], p->output_offset, p->act_min,
                              p->act_max);
          }
        }
      }
    }
  }
}

void sd_fully_connected_s8(const sd_fc_params *p, const int32_t *multiplier,
                           const int32_t *shift, int32_t per_channel, int32_t batches,
                           int32_t depth, int32_t units, const int8_t *in,
                           const int8_t *filter, const int32_t *bias, int8_t *out) {
  int32_t b, u, d;
  for (b = 0; b < batches; ++b) {
    for (u = 0; u < units; ++u) {
      const int8_t *x = in + b * depth;
      const int8_t *w = filter + u * depth;
      const int32_t k = per_channel ? u : 0;
      int32_t acc = 0;
      for (d = 0; d < depth; ++d) {
        acc += ((int32_t)w[d] + p->filter_offset) * ((int32_t)x[d] + p->input_offset);
      }
      if (bias) acc += bias[u];
      out[b * units + u] =
          sd_finish(acc, multiplier[k], shift[k], p->output_offset, p->act_min, p->act_max);
    }
  }
}

/* A code longer than 8 bits, at the top of `bits` (at least 25 valid bits, more than the
 * longest code): returns its length << 8 | its value, as the fast table's entries are.
 * Canonical codes of one length are consecutive numbers, so the walk needs only the
 * number of codes of each length; the first 8 lengths are skipped without reading a bit
 * (the fast table said the code is longer). */
/* Kept out of line so the hot loop below keeps its registers (GCC and Clang). */
#if defined(__GNUC__)
#define SD_NOINLINE __attribute__((noinline))
#else
#define SD_NOINLINE
#endif

static SD_NOINLINE uint32_t sd_packed_long(const sd_packed_s8 *w, uint32_t bits) {
  int32_t n, code = (int32_t)(bits >> 24), first = 0, index = 0;
  for (n = 1; n <= 8; ++n) {
    index += w->counts[n];
    first = (first + w->counts[n]) << 1;
  }
  bits <<= 8;
  for (n = 9; n <= 16; ++n) {
    code = (code << 1) | (int32_t)(bits >> 31);
    bits <<= 1;
    if (code - first < (int32_t)w->counts[n]) {
      return (uint32_t)n << 8 | w->symbols[index + code - first];
    }
    index += w->counts[n];
    first = (first + w->counts[n]) << 1;
  }
  return 16u << 8; /* not reached: sd.compile writes only complete codes */
}

/* Where a packed stream is being read: `bits` holds the next `count` bits at its top. */
typedef struct {
  const uint8_t *next;
  uint32_t bits;
  int32_t count;
} sd_bit_reader;

/* One unit's dot product over `depth` packed weights, read from `r` onwards. The
 * reader lives in locals (registers) here and is stored back once, at the end. */
static SD_NOINLINE int32_t sd_packed_dot(const sd_packed_s8 *w, sd_bit_reader *r,
                                         const int8_t *x, int32_t depth, int32_t filter_offset,
                                         int32_t input_offset) {
  const uint16_t *fast = w->fast;
  const uint8_t *next = r->next;
  uint32_t bits = r->bits, entry;
  int32_t count = r->count, acc = 0, d;
  for (d = 0; d < depth; ++d) {
    while (count <= 24) { /* refill a byte at a time: more than the longest code (16) */
      bits |= (uint32_t)(*next++) << (24 - count);
      count += 8;
    }
    entry = fast[bits >> 24]; /* a code of at most 8 bits: one lookup */
    if (entry == 0) entry = sd_packed_long(w, bits);
    bits <<= entry >> 8;
    count -= (int32_t)(entry >> 8);
    acc += ((int32_t)(int8_t)(uint8_t)(entry & 0xFFu) + filter_offset) *
           ((int32_t)x[d] + input_offset);
  }
  r->next = next;
  r->bits = bits;
  r->count = count;
  return acc;
}

void sd_fully_connected_packed_s8(const sd_fc_params *p, const int32_t *multiplier,
                                  const int32_t *shift, int32_t per_channel, int32_t batches,
                                  int32_t depth, int32_t units, const int8_t *in,
                                  const sd_packed_s8 *filter, const int32_t *bias, int8_t *out) {
  int32_t b, u;
  for (b = 0; b < batches; ++b) {
    sd_bit_reader reader; /* every batch reads the weights from the start */
    reader.next = filter->stream;
    reader.bits = 0;
    reader.count = 0;
    for (u = 0; u < units; ++u) {
      const int32_t k = per_channel ? u : 0;
      int32_t acc = sd_packed_dot(filter, &reader, in + b * depth, depth, p->filter_offset,
                                  p->input_offset);
      if (bias) acc += bias[u];
      out[b * units + u] =
          sd_finish(acc, multiplier[k], shift[k], p->output_offset, p->act_min, p->act_max);
    }
  }
}

void sd_average_pool_s8(const sd_pool_params *p, sd_shape in_shape, const int8_t *in,
                        sd_shape out_shape, int8_t *out) {
  int32_t b, oy, ox, c, fy, fx;
  for (b = 0; b < out_shape.n; ++b) {
    for (oy = 0; oy < out_shape.h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      const int32_t fy_start = sd_max(0, -in_y0);
      const int32_t fy_end = sd_min(p->filter_h, in_shape.h - in_y0);
      for (ox = 0; ox < out_shape.w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        const int32_t fx_start = sd_max(0, -in_x0);
        const int32_t fx_end = sd_min(p->filter_w, in_shape.w - in_x0);
        for (c = 0; c < out_shape.c; ++c) {
          int32_t acc = 0;
          int32_t count = 0;
          for (fy = fy_start; fy < fy_end; ++fy) {
            for (fx = fx_start; fx < fx_end; ++fx) {
              acc += in[sd_offset(in_shape, b, in_y0 + fy, in_x0 + fx, c)];
              ++count;
            }
          }
          if (count == 0) count = 1; /* a window outside the image: the compiler refuses it */
          /* round half away from zero, as the reference does */
          acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          out[sd_offset(out_shape, b, oy, ox, c)] = (int8_t)sd_clamp(acc, p->act_min, p->act_max);
        }
      }
    }
  }
}

void sd_max_pool_s8(const sd_pool_params *p, sd_shape in_shape, const int8_t *in,
                    sd_shape out_shape, int8_t *out) {
  int32_t b, oy, ox, c, fy, fx;
  for (b = 0; b < out_shape.n; ++b) {
    for (oy = 0; oy < out_shape.h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      const int32_t fy_start = sd_max(0, -in_y0);
      const int32_t fy_end = sd_min(p->filter_h, in_shape.h - in_y0);
      for (ox = 0; ox < out_shape.w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        const int32_t fx_start = sd_max(0, -in_x0);
        const int32_t fx_end = sd_min(p->filter_w, in_shape.w - in_x0);
        for (c = 0; c < out_shape.c; ++c) {
          int32_t best = -128;
          for (fy = fy_start; fy < fy_end; ++fy) {
            for (fx = fx_start; fx < fx_end; ++fx) {
              best = sd_max(best, in[sd_offset(in_shape, b, in_y0 + fy, in_x0 + fx, c)]);
            }
          }
          out[sd_offset(out_shape, b, oy, ox, c)] = (int8_t)sd_clamp(best, p->act_min, p->act_max);
        }
      }
    }
  }
}

void sd_add_s8(const sd_add_params *p, int32_t size, const int8_t *in1, const int8_t *in2,
               int8_t *out) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t x1 = sd_wrap_shl(p->input1_offset + in1[i], p->left_shift);
    const int32_t x2 = sd_wrap_shl(p->input2_offset + in2[i], p->left_shift);
    const int32_t s1 = sd_multiply_by_quantized_multiplier(x1, p->input1_multiplier,
                                                           p->input1_shift);
    const int32_t s2 = sd_multiply_by_quantized_multiplier(x2, p->input2_multiplier,
                                                           p->input2_shift);
    const int32_t sum = sd_wrap_add(s1, s2);
    const int32_t y = sd_multiply_by_quantized_multiplier(sum, p->output_multiplier,
                                                          p->output_shift) + p->output_offset;
    out[i] = (int8_t)sd_clamp(y, p->act_min, p->act_max);
  }
}

/* --- fixed-point exponential and reciprocal for softmax ----------------- */

/* x * 2^e, saturating at the int32 range (e > 0). */
static int32_t sd_saturating_shl(int32_t x, int32_t e) {
  const int32_t threshold = (int32_t)(((int64_t)1 << (31 - e)) - 1);
  if (x > threshold) return SD_INT32_MAX;
  if (x < -threshold) return SD_INT32_MIN;
  return sd_wrap_shl(x, e);
}

/* exp(a) for a in [-1/4, 0), a and the result in Q0.31. */
static int32_t sd_exp_quarter(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0.31 */
  const int32_t one_third = 715827883;             /* 1/3 in Q0.31 */
  const int32_t x = sd_wrap_add(a, 1 << 28);       /* Taylor series around -1/8 */
  const int32_t x2 = sd_saturating_rounding_doubling_high_mul(x, x);
  const int32_t x3 = sd_saturating_rounding_doubling_high_mul(x2, x);
  const int32_t x4 = sd_saturating_rounding_doubling_high_mul(x2, x2);
  const int32_t x4_over_4 = sd_rounding_divide_by_pot(x4, 2);
  const int32_t poly = sd_rounding_divide_by_pot(
      sd_wrap_add(sd_saturating_rounding_doubling_high_mul(sd_wrap_add(x4_over_4, x3), one_third),
                  x2),
      1);
  return sd_wrap_add(exp_minus_one_eighth, sd_saturating_rounding_doubling_high_mul(
                                               exp_minus_one_eighth, sd_wrap_add(x, poly)));
}

/* exp(a) for a <= 0 given with `integer_bits` integer bits (4 or 5); the result in Q0.31. */
static int32_t sd_exp_negative(int32_t a, int32_t integer_bits) {
  /* exp(-2^k) in Q0.31 for k = -2 .. 4 */
  static const int32_t factors[7] = {1672461947, 1302514674, 790015084, 290630308,
                                     39332535, 720401, 242};
  const int32_t fraction_bits = 31 - integer_bits;
  const int32_t quarter = (int32_t)1 << (fraction_bits - 2);
  const int32_t a_mod = sd_wrap_sub(a & (quarter - 1), quarter);
  const int32_t remainder = sd_wrap_sub(a_mod, a);
  int32_t result = sd_exp_quarter(sd_saturating_shl(a_mod, integer_bits));
  int32_t k;
  for (k = 0; k < 7; ++k) {
    const int32_t exponent = k - 2;
    if (integer_bits > exponent && (remainder & ((int32_t)1 << (fraction_bits + exponent)))) {
      result = sd_saturating_rounding_doubling_high_mul(result, factors[k]);
    }
  }
  return a == 0 ? SD_INT32_MAX : result;
}

static int32_t sd_count_leading_zeros(uint32_t x) {
  int32_t n = 0;
  if (x == 0) return 32;
  while (!(x & 0x80000000u)) {
    x <<= 1;
    ++n;
  }
  return n;
}

/* 1 / (1 + a) for a in [0, 1), both Q0.31: three Newton-Raphson steps. */
static int32_t sd_one_over_one_plus(int32_t a) {
  const int64_t sum = (int64_t)a + SD_INT32_MAX;
  const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  int32_t x = sd_wrap_add(1515870810, /* 48/17 in Q2.29 */
                          sd_saturating_rounding_doubling_high_mul(half_denominator,
                                                                   -1010580540)); /* -32/17 */
  int32_t i;
  for (i = 0; i < 3; ++i) {
    const int32_t hdx = sd_saturating_rounding_doubling_high_mul(half_denominator, x);
    const int32_t one_minus = sd_wrap_sub(1 << 29, hdx);
    x = sd_wrap_add(x, sd_saturating_shl(sd_saturating_rounding_doubling_high_mul(x, one_minus),
                                         2));
  }
  return sd_saturating_shl(x, 1);
}

void sd_softmax_s8(const sd_softmax_params *p, int32_t rows, int32_t depth, const int8_t *in,
                   int8_t *out) {
  int32_t r, c;
  for (r = 0; r < rows; ++r) {
    const int8_t *x = in + r * depth;
    int8_t *y = out + r * depth;
    int32_t max_in_row = -128;
    int32_t sum = 0; /* Q12.19 */
    int32_t headroom, bits_over_unit, scale, exponent;
    for (c = 0; c < depth; ++c) max_in_row = sd_max(max_in_row, x[c]);
    for (c = 0; c < depth; ++c) {
      const int32_t diff = (int32_t)x[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = sd_saturating_rounding_doubling_high_mul(
            sd_wrap_shl(diff, p->input_left_shift), p->input_multiplier);
        sum = sd_wrap_add(sum, sd_rounding_divide_by_pot(sd_exp_negative(scaled, 5), 12));
      }
    }
    headroom = sd_count_leading_zeros((uint32_t)sum);
    bits_over_unit = 12 - headroom;
    scale = sd_one_over_one_plus(
        (int32_t)(((uint32_t)sum << headroom) - ((uint32_t)1 << 31)));
    exponent = bits_over_unit + 31 - 8;
    for (c = 0; c < depth; ++c) {
      const int32_t diff = (int32_t)x[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = sd_saturating_rounding_doubling_high_mul(
            sd_wrap_shl(diff, p->input_left_shift), p->input_multiplier);
        const int32_t e = sd_exp_negative(scaled, 5);
        const int32_t unsat = sd_rounding_divide_by_pot(
            sd_saturating_rounding_doubling_high_mul(scale, e), exponent);
        y[c] = (int8_t)sd_clamp(unsat - 128, -128, 127);
      } else {
        y[c] = -128;
      }
    }
  }
}

void sd_requantize_s8(int32_t size, int32_t input_zero_point, int32_t output_zero_point,
                      int32_t multiplier, int32_t shift, const int8_t *in, int8_t *out) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t y = sd_multiply_by_quantized_multiplier((int32_t)in[i] - input_zero_point,
                                                          multiplier, shift) +
                      output_zero_point;
    out[i] = (int8_t)sd_clamp(y, -128, 127);
  }
}

void sd_copy_s8(int32_t size, const int8_t *in, int8_t *out) {
  int32_t i;
  if (in == out) return;
  for (i = 0; i < size; ++i) out[i] = in[i];
}

void sd_pad_s8(sd_shape in_shape, const int8_t *in, const int32_t *before, sd_shape out_shape,
               int32_t value, int8_t *out) {
  int32_t n, y, x, c, i = 0;
  for (n = 0; n < out_shape.n; ++n) {
    const int32_t in_n = n - before[0];
    for (y = 0; y < out_shape.h; ++y) {
      const int32_t in_y = y - before[1];
      for (x = 0; x < out_shape.w; ++x) {
        const int32_t in_x = x - before[2];
        for (c = 0; c < out_shape.c; ++c, ++i) {
          const int32_t in_c = c - before[3];
          const int inside = in_n >= 0 && in_n < in_shape.n && in_y >= 0 && in_y < in_shape.h &&
                             in_x >= 0 && in_x < in_shape.w && in_c >= 0 && in_c < in_shape.c;
          out[i] = inside ? in[sd_offset(in_shape, in_n, in_y, in_x, in_c)] : (int8_t)value;
        }
      }
    }
  }
}

void sd_concat_s8(int32_t outer, int32_t count, const int8_t *const *parts,
                  const int32_t *part_bytes, int8_t *out) {
  int32_t o, k, i;
  for (o = 0; o < outer; ++o) {
    for (k = 0; k < count; ++k) {
      const int8_t *src = parts[k] + o * part_bytes[k];
      for (i = 0; i < part_bytes[k]; ++i) *out++ = src[i];
    }
  }
}

void sd_mean_s8(const sd_mean_params *p, sd_shape in_shape, const int8_t *in, int8_t *out) {
  const int32_t on = p->reduce[0] ? 1 : in_shape.n, oh = p->reduce[1] ? 1 : in_shape.h;
  const int32_t ow = p->reduce[2] ? 1 : in_shape.w, oc = p->reduce[3] ? 1 : in_shape.c;
  int32_t n, y, x, c, i = 0;
  for (n = 0; n < on; ++n) {
    for (y = 0; y < oh; ++y) {
      for (x = 0; x < ow; ++x) {
        for (c = 0; c < oc; ++c, ++i) {
          int32_t sum = 0, a, b, d, e, result;
          for (a = p->reduce[0] ? 0 : n; a < (p->reduce[0] ? in_shape.n : n + 1); ++a)
            for (b = p->reduce[1] ? 0 : y; b < (p->reduce[1] ? in_shape.h : y + 1); ++b)
              for (d = p->reduce[2] ? 0 : x; d < (p->reduce[2] ? in_shape.w : x + 1); ++d)
                for (e = p->reduce[3] ? 0 : c; e < (p->reduce[3] ? in_shape.c : c + 1); ++e)
                  sum += in[sd_offset(in_shape, a, b, d, e)];
          result = sd_multiply_by_quantized_multiplier(
                       sum - p->input_zero_point * p->count, p->multiplier, p->shift) +
                   p->output_zero_point;
          out[i] = (int8_t)sd_clamp(result, -128, 127);
        }
      }
    }
  }
}

/* logistic(a) for a in Q4.27; the result in Q0.31. */
static int32_t sd_logistic_q4(int32_t a) {
  int32_t positive;
  if (a == 0) return (int32_t)1 << 30; /* one half */
  positive = sd_one_over_one_plus(sd_exp_negative(a > 0 ? -a : a, 4));
  return a > 0 ? positive : SD_INT32_MAX - positive;
}

void sd_logistic_s8(const sd_logistic_params *p, int32_t size, const int8_t *in, int8_t *out) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t x = (int32_t)in[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) {
      out[i] = -128;
    } else if (x >= p->input_range_radius) {
      out[i] = 127;
    } else {
      const int32_t q4 = sd_multiply_by_quantized_multiplier(x, p->input_multiplier,
                                                             p->input_left_shift);
      const int32_t y = sd_rounding_divide_by_pot(sd_logistic_q4(q4), 23) - 128;
      out[i] = (int8_t)sd_clamp(y, -128, 127);
    }
  }
}
