// Grayscale page images as the kernels see them: 8-bit, row-major, one byte per pixel (0 ink, 255 paper).
#pragma once

#include <cstdint>
#include <vector>

namespace docket {

/** Largest image side; keeps the 16.16 fixed-point coordinates of rotate/resize inside 32 bits (validate.ts). */
constexpr int kMaxSide = 16384;

struct Gray {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> data;

  Gray() = default;
  Gray(int w, int h) : width(w), height(h), data(static_cast<size_t>(w) * h) {}
  Gray(int w, int h, std::vector<uint8_t> d) : width(w), height(h), data(std::move(d)) {}
  size_t size() const { return static_cast<size_t>(width) * height; }
};

}  // namespace docket
