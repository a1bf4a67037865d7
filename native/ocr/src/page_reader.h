// One TessBaseAPI: loads a model once, then reads PNG pages into words and lines with boxes and confidences.
// Pure C++ (no N-API). Not thread-safe: one PageReader per thread (ocr_engine.cc gives each its own thread).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tesseract {
class TessBaseAPI;
}

namespace docket::ocr {

struct InitOptions {
  /** Language code, e.g. "eng". */
  std::string language = "eng";
  /** The traineddata bytes (gunzipped); when empty, the model is read from `dataPath`/<language>.traineddata. */
  std::vector<char> data;
  std::string dataPath;
  /** tesseract's page segmentation mode; 6 (one uniform block) is what tesseract.js runs with. */
  int psm = 6;
  /** Extra tesseract variables, set at Init. */
  std::vector<std::pair<std::string, std::string>> variables;
};

/** A box in image pixels: left, top, right, bottom (exclusive), as tesseract's BoundingBox gives it. */
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct WordResult {
  std::string text;
  Box box;
  /** 0..100, truncated to an integer as tesseract.js's GetJSONText does. */
  int confidence = 0;
};

struct LineResult {
  Box box;
  int confidence = 0;
  std::vector<WordResult> words;
};

struct PageResult {
  int width = 0;
  int height = 0;
  int dpi = 0;
  std::vector<LineResult> lines;
};

enum class Outcome { kOk, kTimeout, kCancelled };

/** How one page is read; negative = the engine's own setting from Init. */
struct ReadMode {
  /** Page segmentation mode for this page (0..13). */
  int psm = -1;
  /** tesseract's thresholding_method for this page: 0 Otsu (global), 1 Leptonica's tiled Otsu, 2 Sauvola. */
  int thresholding = -1;
};

/** The bytes are not an image Leptonica can decode. */
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PageReader {
 public:
  /** Loads the model; throws std::runtime_error when tesseract cannot initialize. */
  explicit PageReader(const InitOptions& options);
  ~PageReader();
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  /**
   * Recognizes one encoded image (PNG, or anything Leptonica reads). With timeoutMs > 0, tesseract stops at the next
   * word after that many milliseconds (kTimeout); `cancel` stops it the same way (kCancelled). Throws ImageError for
   * undecodable bytes, std::runtime_error when recognition fails.
   */
  Outcome Read(const uint8_t* bytes, size_t size, int timeoutMs, const std::atomic<bool>& cancel, PageResult* out,
               const ReadMode& mode = ReadMode());

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  /** The Init settings a page without its own ReadMode is read with. */
  int psm_ = 6;
  std::string thresholding_ = "0";
};

/** "tesseract 5.3.0, leptonica-1.82.0" */
std::string LibraryVersions();

}  // namespace docket::ocr
