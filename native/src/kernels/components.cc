// Ink structure: connected components (8-connected) for despeckle and the character-height statistic behind the DPI
// estimate, and straight runs for removeRules. The fallback floods pixel by pixel; here components are built from
// horizontal runs joined with union-find, which touches each run once instead of each pixel nine times. Same
// components, so the same results.
#include <algorithm>
#include <numeric>

#include "../common/scan.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

constexpr int kCharMinHeight = 4;
constexpr int kCharMaxHeight = 200;
constexpr int kMinCharComponents = 20;

struct Run {
  int y, x0, x1;  // inclusive
};

struct Components {
  std::vector<Run> runs;
  std::vector<int> root;  // per run: its component (index of the root run)
};

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/** Runs of pixels <= maxInk, row by row, united with the runs they touch (diagonals included) in the row above. */
Components Label(const Gray& img, int maxInk) {
  const int w = img.width, h = img.height;
  Components c;
  std::vector<int> parent;
  size_t prevBegin = 0, prevEnd = 0;
  if (maxInk < 0) return c;
  for (int y = 0; y < h; y++) {
    const uint8_t* row = img.data.data() + static_cast<size_t>(y) * w;
    const size_t begin = c.runs.size();
    for (int x = NextInk(row, 0, w, maxInk); x < w; x = NextInk(row, x, w, maxInk)) {
      const int x0 = x;
      while (x < w && row[x] <= maxInk) x++;
      c.runs.push_back({y, x0, x - 1});
      parent.push_back(static_cast<int>(parent.size()));
    }
    const size_t end = c.runs.size();
    // Both rows' runs are sorted by x: walk them together.
    size_t p = prevBegin;
    for (size_t r = begin; r < end; r++) {
      const Run& cur = c.runs[r];
      while (p < prevEnd && c.runs[p].x1 < cur.x0 - 1) p++;
      for (size_t q = p; q < prevEnd && c.runs[q].x0 <= cur.x1 + 1; q++) {
        const int a = Find(parent, static_cast<int>(r)), b = Find(parent, static_cast<int>(q));
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
    }
    prevBegin = begin;
    prevEnd = end;
  }
  c.root.resize(c.runs.size());
  for (size_t i = 0; i < c.runs.size(); i++) c.root[i] = Find(parent, static_cast<int>(i));
  return c;
}

}  // namespace

Gray Despeckle(const Gray& img, int maxArea) {
  Gray out = img;
  if (maxArea <= 0) return out;
  const Components c = Label(img, kInkLevel - 1);
  std::vector<int64_t> area(c.runs.size(), 0);
  for (size_t i = 0; i < c.runs.size(); i++) area[c.root[i]] += c.runs[i].x1 - c.runs[i].x0 + 1;
  for (size_t i = 0; i < c.runs.size(); i++) {
    if (area[c.root[i]] > maxArea) continue;
    const Run& r = c.runs[i];
    std::fill_n(out.data.data() + static_cast<size_t>(r.y) * img.width + r.x0, r.x1 - r.x0 + 1, 255);
  }
  return out;
}

int MedianCharHeight(const Gray& img, int maxInk) {
  const Components c = Label(img, maxInk);
  const size_t n = c.runs.size();
  std::vector<int64_t> area(n, 0);
  std::vector<int> x0(n, img.width), x1(n, -1), y0(n, img.height), y1(n, -1);
  for (size_t i = 0; i < n; i++) {
    const Run& r = c.runs[i];
    const int k = c.root[i];
    area[k] += r.x1 - r.x0 + 1;
    x0[k] = std::min(x0[k], r.x0);
    x1[k] = std::max(x1[k], r.x1);
    y0[k] = std::min(y0[k], r.y);
    y1[k] = std::max(y1[k], r.y);
  }
  std::vector<int> counts(kCharMaxHeight + 1, 0);
  int found = 0;
  for (size_t k = 0; k < n; k++) {
    if (c.root[k] != static_cast<int>(k)) continue;
    const int ch = y1[k] - y0[k] + 1, cw = x1[k] - x0[k] + 1;
    if (ch < kCharMinHeight || ch > kCharMaxHeight || cw > 3 * ch || area[k] * 10 < static_cast<int64_t>(cw) * ch) continue;
    counts[ch]++;
    found++;
  }
  if (found < kMinCharComponents) return 0;
  const int rank = (found + 1) / 2;
  int acc = 0;
  for (int v = 0; v <= kCharMaxHeight; v++) {
    acc += counts[v];
    if (acc >= rank) return v;
  }
  return 0;
}

DOCKET_CLONES bool AnyRunEnds(const uint8_t* DOCKET_RESTRICT row, const uint16_t* DOCKET_RESTRICT run, int w, int minLength) {
  const uint16_t minLen = static_cast<uint16_t>(std::min(minLength, 65535));
  uint16_t any = 0;
  for (int x = 0; x < w; x++) any |= static_cast<uint16_t>(row[x] >= kInkLevel) & static_cast<uint16_t>(run[x] >= minLen);
  return any != 0;
}

DOCKET_CLONES void CountRuns(const uint8_t* DOCKET_RESTRICT row, uint16_t* DOCKET_RESTRICT run, int w) {
  for (int x = 0; x < w; x++) run[x] = row[x] < kInkLevel ? static_cast<uint16_t>(run[x] + 1) : 0;
}

Gray RemoveRules(const Gray& img, int minLength) {
  Gray out = img;
  if (minLength <= 0) return out;
  const int w = img.width, h = img.height;
  const uint8_t* d = img.data.data();
  for (int y = 0; y < h; y++) {
    const uint8_t* row = d + static_cast<size_t>(y) * w;
    for (int x = NextInk(row, 0, w, kInkLevel - 1); x < w; x = NextInk(row, x, w, kInkLevel - 1)) {
      const int start = x;
      while (x < w && row[x] < kInkLevel) x++;
      if (x - start >= minLength) std::fill(out.data.begin() + static_cast<size_t>(y) * w + start, out.data.begin() + static_cast<size_t>(y) * w + x, 255);
    }
  }
  // Vertical runs, row by row (cache-friendly): a run length per column (sides <= 16384 fit 16 bits); a row where
  // some long run ends is rare and takes the slow path that whitens it.
  std::vector<uint16_t> run(w, 0);
  auto whiten = [&](int x, int endY) {
    for (int k = endY - run[x]; k < endY; k++) out.data[static_cast<size_t>(k) * w + x] = 255;
  };
  for (int y = 0; y < h; y++) {
    const uint8_t* row = d + static_cast<size_t>(y) * w;
    if (AnyRunEnds(row, run.data(), w, minLength)) {
      for (int x = 0; x < w; x++)
        if (row[x] >= kInkLevel && run[x] >= minLength) whiten(x, y);
    }
    CountRuns(row, run.data(), w);
  }
  for (int x = 0; x < w; x++)
    if (run[x] >= minLength) whiten(x, h);
  return out;
}

}  // namespace docket
