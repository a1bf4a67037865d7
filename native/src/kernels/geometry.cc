// Rotation, resizing and cropping in 16.16 fixed point with 8-bit weights: the integer math of
// native/fallback/geometry.ts, so both give the same bytes.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "../common/parallel.h"
#include "../common/scan.h"
#include "../common/simd.h"
#include "../common/math.h"
#include "kernels.h"

namespace docket {

namespace {

inline uint8_t Bilinear(int p00, int p10, int p01, int p11, int fx, int fy) {
  const int top = p00 * (256 - fx) + p10 * fx;
  const int bot = p01 * (256 - fx) + p11 * fx;
  return static_cast<uint8_t>((top * (256 - fy) + bot * fy + 32768) >> 16);
}

struct Axis {
  std::vector<int32_t> i0, i1, f;
};

/** Source coordinates of output pixel centres along one axis (pixel-centre aligned, clamped at the edges). */
Axis MakeAxis(int outN, int n) {
  Axis a;
  a.i0.resize(outN);
  a.i1.resize(outN);
  a.f.resize(outN);
  for (int o = 0; o < outN; o++) {
    int64_t s = ((2LL * o + 1) * n * 65536) / (2LL * outN) - 32768;
    if (s < 0) s = 0;
    const int idx = static_cast<int>(s >> 16);
    a.i0[o] = std::min(idx, n - 1);
    a.i1[o] = std::min(idx + 1, n - 1);
    a.f[o] = idx >= n - 1 ? 0 : static_cast<int>((s & 0xffff) >> 8);
  }
  return a;
}

Gray Shrink(const Gray& img, int ow, int oh) {
  const int w = img.width, h = img.height;
  std::vector<int32_t> xs(ow + 1);
  for (int x = 0; x <= ow; x++) xs[x] = static_cast<int32_t>(static_cast<int64_t>(x) * w / ow);
  Gray out(ow, oh);
  ParallelFor(oh, 32, [&](int yBegin, int yEnd) {
    std::vector<uint32_t> cols(w);
    for (int y = yBegin; y < yEnd; y++) {
      const int y0 = static_cast<int>(static_cast<int64_t>(y) * h / oh);
      const int y1 = static_cast<int>(static_cast<int64_t>(y + 1) * h / oh);
      std::fill(cols.begin(), cols.end(), 0);
      for (int yy = y0; yy < y1; yy++) {
        const uint8_t* row = img.data.data() + static_cast<size_t>(yy) * w;
        for (int x = 0; x < w; x++) cols[x] += row[x];
      }
      const uint32_t rows = static_cast<uint32_t>(y1 - y0);
      uint8_t* o = out.data.data() + static_cast<size_t>(y) * ow;
      for (int x = 0; x < ow; x++) {
        uint64_t s = 0;
        for (int xx = xs[x]; xx < xs[x + 1]; xx++) s += cols[xx];
        const uint64_t n = static_cast<uint64_t>(xs[x + 1] - xs[x]) * rows;
        o[x] = static_cast<uint8_t>((s + n / 2) / n);
      }
    }
  });
  return out;
}

Gray Grow(const Gray& img, int ow, int oh) {
  const int w = img.width;
  const Axis ax = MakeAxis(ow, w), ay = MakeAxis(oh, img.height);
  Gray out(ow, oh);
  ParallelFor(oh, 32, [&](int yBegin, int yEnd) {
    for (int y = yBegin; y < yEnd; y++) {
      const uint8_t* r0 = img.data.data() + static_cast<size_t>(ay.i0[y]) * w;
      const uint8_t* r1 = img.data.data() + static_cast<size_t>(ay.i1[y]) * w;
      const int fy = ay.f[y];
      uint8_t* o = out.data.data() + static_cast<size_t>(y) * ow;
      for (int x = 0; x < ow; x++) {
        const int x0 = ax.i0[x], x1 = ax.i1[x];
        o[x] = Bilinear(r0[x0], r0[x1], r1[x0], r1[x1], ax.f[x], fy);
      }
    }
  });
  return out;
}

/**
 * Output pixels [xBegin, xEnd) of one row. The source positions along a row lie on a line, so the pixels whose four
 * neighbours are all inside the image form one interval: the edges take the careful path, the interval a branch-free
 * one.
 */
DOCKET_CLONES void RotateSpan(const uint8_t* DOCKET_RESTRICT d, int w, int h, int64_t sx0, int64_t sy0, int cs, int sn, uint8_t* DOCKET_RESTRICT o, int xBegin,
                              int xEnd) {
  auto inside = [&](int x) {
    const int64_t sx = sx0 + static_cast<int64_t>(cs) * x, sy = sy0 + static_cast<int64_t>(sn) * x;
    return sx >= 0 && sy >= 0 && (sx >> 16) + 1 < w && (sy >> 16) + 1 < h;
  };
  auto edge = [&](int x) {
    const int64_t sx = sx0 + static_cast<int64_t>(cs) * x, sy = sy0 + static_cast<int64_t>(sn) * x;
    const int x0 = static_cast<int>(sx >> 16), y0 = static_cast<int>(sy >> 16);
    const int fx = static_cast<int>((sx & 0xffff) >> 8), fy = static_cast<int>((sy & 0xffff) >> 8);
    if (x0 >= -1 && y0 >= -1 && x0 < w && y0 < h) {
      auto at = [&](int xx, int yy) { return xx >= 0 && yy >= 0 && xx < w && yy < h ? d[static_cast<size_t>(yy) * w + xx] : 255; };
      o[x] = Bilinear(at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1), fx, fy);
    } else {
      o[x] = 255;
    }
  };
  int x = xBegin;
  while (x < xEnd && !inside(x)) edge(x++);
  int last = xEnd - 1;
  while (last >= x && !inside(last)) edge(last--);
  // Inside the image every coordinate fits 32 bits (sides <= 16384), cheaper per pixel than 64-bit math; the
  // bilinear blend is Bilinear() rearranged (same integers).
  int32_t sx = static_cast<int32_t>(sx0 + static_cast<int64_t>(cs) * x), sy = static_cast<int32_t>(sy0 + static_cast<int64_t>(sn) * x);
  // For the small angles of deskewing, 16 neighbouring output pixels usually read one pair of source rows at 16
  // consecutive columns: then the loads are contiguous and the loop vectorizes (same integers as the pixel loop).
  constexpr int kChunk = 16;
  while (x <= last) {
    if (x + kChunk - 1 <= last) {
      const int32_t sxEnd = sx + cs * (kChunk - 1), syEnd = sy + sn * (kChunk - 1);
      if ((sy >> 16) == (syEnd >> 16) && (sxEnd >> 16) - (sx >> 16) == kChunk - 1) {
        const uint8_t* r0 = d + (sy >> 16) * w + (sx >> 16);
        const uint8_t* r1 = r0 + w;
        for (int i = 0; i < kChunk; i++) {
          const int fx = ((sx + cs * i) >> 8) & 0xff, fy = ((sy + sn * i) >> 8) & 0xff;
          const int top = r0[i] * 256 + (r0[i + 1] - r0[i]) * fx;
          const int bot = r1[i] * 256 + (r1[i + 1] - r1[i]) * fx;
          o[x + i] = static_cast<uint8_t>((top * 256 + (bot - top) * fy + 32768) >> 16);
        }
        x += kChunk;
        sx += cs * kChunk;
        sy += sn * kChunk;
        continue;
      }
    }
    const uint8_t* p = d + (sy >> 16) * w + (sx >> 16);
    const int fx = (sx >> 8) & 0xff, fy = (sy >> 8) & 0xff;
    const int top = p[0] * 256 + (p[1] - p[0]) * fx;
    const int bot = p[w] * 256 + (p[w + 1] - p[w]) * fx;
    o[x] = static_cast<uint8_t>((top * 256 + (bot - top) * fy + 32768) >> 16);
    x++;
    sx += cs;
    sy += sn;
  }
}

}  // namespace

Gray Rotate(const Gray& img, double degrees) {
  const int w = img.width, h = img.height;
  if (degrees == 0) return img;
  const double rad = degrees * kPi / 180;
  const int cs = static_cast<int>(std::floor(std::cos(rad) * 65536 + 0.5));
  const int sn = static_cast<int>(std::floor(std::sin(rad) * 65536 + 0.5));
  const int64_t cxF = static_cast<int64_t>(w - 1) * 32768, cyF = static_cast<int64_t>(h - 1) * 32768;
  const int64_t dx0 = -(w - 1);
  Gray out(w, h);
  ParallelFor(h, 32, [&](int yBegin, int yEnd) {
    for (int y = yBegin; y < yEnd; y++) {
      const int64_t dy2 = 2LL * y - (h - 1);
      // Arithmetic shift = floor division by 2, as Math.floor(v / 2) in the fallback.
      const int64_t sx = ((cs * dx0 - sn * dy2) >> 1) + cxF;
      const int64_t sy = ((sn * dx0 + cs * dy2) >> 1) + cyF;
      RotateSpan(img.data.data(), w, h, sx, sy, cs, sn, out.data.data() + static_cast<size_t>(y) * w, 0, w);
    }
  });
  return out;
}

Gray Resize(const Gray& img, int outW, int outH) {
  if (outW == img.width && outH == img.height) return img;
  return outW <= img.width && outH <= img.height ? Shrink(img, outW, outH) : Grow(img, outW, outH);
}

Gray CropToContent(const Gray& img, int margin, Box* box) {
  const int w = img.width, h = img.height;
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; y++) {
    const uint8_t* row = img.data.data() + static_cast<size_t>(y) * w;
    const int first = NextInk(row, 0, w, kInkLevel - 1);
    if (first < w) {
      const int last = LastInk(row, w, kInkLevel - 1);
      y0 = std::min(y0, y);
      y1 = y;
      x0 = std::min(x0, first);
      x1 = std::max(x1, last);
    }
  }
  if (x1 < 0) {
    *box = {0, 0, w, h};
    return img;
  }
  x0 = std::max(0, x0 - margin);
  y0 = std::max(0, y0 - margin);
  x1 = std::min(w - 1, x1 + margin);
  y1 = std::min(h - 1, y1 + margin);
  const int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
  Gray out(cw, ch);
  for (int y = 0; y < ch; y++) std::memcpy(out.data.data() + static_cast<size_t>(y) * cw, img.data.data() + static_cast<size_t>(y0 + y) * w + x0, cw);
  *box = {x0, y0, cw, ch};
  return out;
}

}  // namespace docket
