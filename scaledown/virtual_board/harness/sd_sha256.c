/* A compact SHA-256 (FIPS 180-4) so a board can name its output by hash. */
#include "sd_sha256.h"

static const uint32_t SD_K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
    0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
    0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
    0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint32_t sd_rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32u - n)); }

static void sd_sha256_block(uint32_t state[8], const uint8_t block[64])
{
    uint32_t w[64];
    for (unsigned i = 0; i < 16; ++i) {
        w[i] = ((uint32_t)block[4 * i] << 24) | ((uint32_t)block[4 * i + 1] << 16) |
               ((uint32_t)block[4 * i + 2] << 8) | (uint32_t)block[4 * i + 3];
    }
    for (unsigned i = 16; i < 64; ++i) {
        uint32_t s0 = sd_rotr(w[i - 15], 7) ^ sd_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = sd_rotr(w[i - 2], 17) ^ sd_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t v[8];
    for (unsigned i = 0; i < 8; ++i) {
        v[i] = state[i];
    }
    for (unsigned i = 0; i < 64; ++i) {
        uint32_t e = v[4], a = v[0];
        uint32_t t1 = v[7] + (sd_rotr(e, 6) ^ sd_rotr(e, 11) ^ sd_rotr(e, 25)) +
                      ((e & v[5]) ^ (~e & v[6])) + SD_K[i] + w[i];
        uint32_t t2 = (sd_rotr(a, 2) ^ sd_rotr(a, 13) ^ sd_rotr(a, 22)) +
                      ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
        for (unsigned j = 7; j > 0; --j) {
            v[j] = v[j - 1];
        }
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (unsigned i = 0; i < 8; ++i) {
        state[i] += v[i];
    }
}

void sd_sha256_hex(const uint8_t *data, size_t length, char hex[65])
{
    uint32_t state[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                         0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    uint8_t block[64];
    size_t done = 0;
    while (length - done >= 64) {
        sd_sha256_block(state, data + done);
        done += 64;
    }
    size_t rest = length - done;
    for (size_t i = 0; i < rest; ++i) {
        block[i] = data[done + i];
    }
    block[rest++] = 0x80;
    if (rest > 56) {
        while (rest < 64) {
            block[rest++] = 0;
        }
        sd_sha256_block(state, block);
        rest = 0;
    }
    while (rest < 56) {
        block[rest++] = 0;
    }
    uint64_t bits = (uint64_t)length * 8u;
    for (unsigned i = 0; i < 8; ++i) {
        block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sd_sha256_block(state, block);
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; ++i) {
        uint8_t byte = (uint8_t)(state[i / 4] >> (24 - 8 * (i % 4)));
        hex[2 * i] = digits[byte >> 4];
        hex[2 * i + 1] = digits[byte & 0xFu];
    }
    hex[64] = '\0';
}
