#include <algorithm>
#include <cmath>

#include "../common/parallel.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

DOCKET_CLONES void GrayRows(const uint8_t* DOCKET_RESTRICT px, int channels, uint8_t* DOCKET_RESTRICT out, size_t begin, size_t end) {
  if (channels == 3) {
    for (size_t i = begin; i < end; i++) {
      const uint8_t* p = px + i * 3;
      out[i] = static_cast<uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
    }
  } else {
    for (size_t i = begin; i < end; i++) {
      const uint8_t* p = px + i * 4;
      const int g = (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;
      const int a = p[3];
      out[i] = static_cast<uint8_t>((g * a + 255 * (255 - a) + 127) / 255);
    }
  }
}

inline uint8_t Min3(uint8_t a, uint8_t b, uint8_t c) { return std::min(a, std::min(b, c)); }
inline uint8_t Max3(uint8_t a, uint8_t b, uint8_t c) { return std::max(a, std::max(b, c)); }
inline uint8_t Med3(uint8_t a, uint8_t b, uint8_t c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

DOCKET_CLONES void ColumnSort(const uint8_t* DOCKET_RESTRICT a, const uint8_t* DOCKET_RESTRICT b, const uint8_t* DOCKET_RESTRICT c, uint8_t* DOCKET_RESTRICT lo, uint8_t* DOCKET_RESTRICT mid, uint8_t* DOCKET_RESTRICT hi, int w) {
  for (int x = 0; x < w; x++) {
    lo[x] = Min3(a[x], b[x], c[x]);
    mid[x] = Med3(a[x], b[x], c[x]);
    hi[x] = Max3(a[x], b[x], c[x]);
  }
}

DOCKET_CLONES void MedianInterior(const uint8_t* DOCKET_RESTRICT lo, const uint8_t* DOCKET_RESTRICT mid, const uint8_t* DOCKET_RESTRICT hi, uint8_t* DOCKET_RESTRICT out, int w) {
  for (int x = 1; x < w - 1; x++) {
    out[x] = Med3(Max3(lo[x - 1], lo[x], lo[x + 1]), Med3(mid[x - 1], mid[x], mid[x + 1]), Min3(hi[x - 1], hi[x], hi[x + 1]));
  }
}

DOCKET_CLONES void AddRowTo(const uint8_t* DOCKET_RESTRICT row, uint32_t* DOCKET_RESTRICT sums, int n) {
  for (int x = 0; x < n; x++) sums[x] += row[x];
}

}  // namespace

Gray ToGray(const uint8_t* pixels, int width, int height, int channels) {
  Gray out(width, height);
  const size_t n = out.size();
  if (channels == 1) {
    std::copy(pixels, pixels + n, out.data.begin());
    return out;
  }
  ParallelFor(height, 256, [&](int y0, int y1) {
    GrayRows(pixels, channels, out.data.data(), static_cast<size_t>(y0) * width, static_cast<size_t>(y1) * width);
  });
  return out;
}

Histogram ComputeHistogram(const Gray& img) {
  // Four interleaved tables: consecutive equal pixels (all of white paper) would otherwise serialize on one counter.
  std::array<std::array<uint32_t, 256>, 4> counts{};
  std::array<uint64_t, 256> total{};
  const uint8_t* d = img.data.data();
  const size_t n = img.size();
  size_t i = 0;
  while (i < n) {
    const size_t chunkEnd = std::min(n, i + (size_t{1} << 30));  // uint32 counters cannot overflow per chunk
    for (; i + 4 <= chunkEnd; i += 4) {
      counts[0][d[i]]++;
      counts[1][d[i + 1]]++;
      counts[2][d[i + 2]]++;
      counts[3][d[i + 3]]++;
    }
    for (; i < chunkEnd; i++) counts[0][d[i]]++;
    for (int v = 0; v < 256; v++) {
      total[v] += static_cast<uint64_t>(counts[0][v]) + counts[1][v] + counts[2][v] + counts[3][v];
      counts[0][v] = counts[1][v] = counts[2][v] = counts[3][v] = 0;
    }
  }
  Histogram h{};
  for (int v = 0; v < 256; v++) h[v] = static_cast<double>(total[v]);
  return h;
}

int PercentileLevel(const Histogram& hist, double total, double q) {
  const double rank = std::max(1.0, std::ceil(q * total));
  double acc = 0;
  for (int v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= rank) return v;
  }
  return 255;
}

int Otsu(const Histogram& hist, double total) {
  double sumAll = 0;
  for (int v = 0; v < 256; v++) sumAll += v * hist[v];
  double wB = 0, sumB = 0, best = -1;
  int bestT = -1;
  for (int t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB == 0) continue;
    const double wF = total - wB;
    if (wF == 0) break;
    sumB += t * hist[t];
    const double mB = sumB / wB;
    const double mF = (sumAll - sumB) / wF;
    const double between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

int InkThreshold(const Histogram& hist, double total) {
  const int paper = PercentileLevel(hist, total, 0.5);
  return std::min(Otsu(hist, total), paper - kInkMinDepth);
}

Gray DownsampleBox(const Gray& img, int f) {
  if (f == 1) return img;
  const int dw = img.width / f, dh = img.height / f;
  Gray out(dw, dh);
  const uint32_t area = static_cast<uint32_t>(f) * f, half = area >> 1;
  ParallelFor(dh, 64, [&](int yBegin, int yEnd) {
    std::vector<uint32_t> cols(static_cast<size_t>(dw) * f);
    for (int y = yBegin; y < yEnd; y++) {
      // Vertical sums first (a vectorized add of whole rows), then f neighbouring columns per output pixel.
      std::fill(cols.begin(), cols.end(), 0);
      for (int yy = y * f; yy < y * f + f; yy++) AddRowTo(img.data.data() + static_cast<size_t>(yy) * img.width, cols.data(), dw * f);
      uint8_t* o = out.data.data() + static_cast<size_t>(y) * dw;
      for (int x = 0; x < dw; x++) {
        uint32_t s = 0;
        for (int k = 0; k < f; k++) s += cols[x * f + k];
        o[x] = static_cast<uint8_t>((s + half) / area);
      }
    }
  });
  return out;
}

Gray Median3x3(const Gray& img) {
  const int w = img.width, h = img.height;
  Gray out(w, h);
  ParallelFor(h, 64, [&](int yBegin, int yEnd) {
    std::vector<uint8_t> lo(w), mid(w), hi(w);
    for (int y = yBegin; y < yEnd; y++) {
      const uint8_t* r0 = img.data.data() + static_cast<size_t>(std::max(0, y - 1)) * w;
      const uint8_t* r1 = img.data.data() + static_cast<size_t>(y) * w;
      const uint8_t* r2 = img.data.data() + static_cast<size_t>(std::min(h - 1, y + 1)) * w;
      uint8_t* o = out.data.data() + static_cast<size_t>(y) * w;
      ColumnSort(r0, r1, r2, lo.data(), mid.data(), hi.data(), w);
      MedianInterior(lo.data(), mid.data(), hi.data(), o, w);
      // Edges replicate the border column.
      for (int x : {0, w - 1}) {
        const int xl = x > 0 ? x - 1 : 0, xr = x < w - 1 ? x + 1 : w - 1;
        o[x] = Med3(Max3(lo[xl], lo[x], lo[xr]), Med3(mid[xl], mid[x], mid[xr]), Min3(hi[xl], hi[x], hi[xr]));
      }
    }
  });
  return out;
}

}  // namespace docket
