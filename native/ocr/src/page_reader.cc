// PageReader: Init once, then per page pixReadMem -> SetImage -> Recognize(monitor) -> ResultIterator -> Clear.
// The walk over the results mirrors tesseract.js's GetJSONText (non-text blocks skipped, empty words skipped,
// confidences truncated to integers), so inference/ocr-pool.ts maps both engines' output with the same code.
#include "page_reader.h"

#include <allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/publictypes.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>

namespace docket::ocr {

namespace {

using tesseract::PageIteratorLevel;

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};

bool CancelRequested(void* flag, int /*words*/) {
  return static_cast<const std::atomic<bool>*>(flag)->load(std::memory_order_relaxed);
}

Box BoxAt(const tesseract::ResultIterator& it, PageIteratorLevel level) {
  Box b;
  it.BoundingBox(level, &b.x0, &b.y0, &b.x1, &b.y1);
  return b;
}

}  // namespace

PageReader::PageReader(const InitOptions& options) : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  std::vector<std::string> names{"debug_file"};
  // tesseract's tprintf (resolution estimates, diacritics notes) would go to the worker's stderr, unstructured.
  std::vector<std::string> values{"/dev/null"};
  for (const auto& [name, value] : options.variables) {
    names.push_back(name);
    values.push_back(value);
  }
  int status;
  if (!options.data.empty()) {
    status = api_->Init(options.data.data(), static_cast<int>(options.data.size()), options.language.c_str(),
                        tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false, nullptr);
  } else {
    status = api_->Init(options.dataPath.c_str(), options.language.c_str(), tesseract::OEM_LSTM_ONLY, nullptr, 0, &names,
                        &values, false);
  }
  if (status != 0) {
    api_->End();
    throw std::runtime_error("tesseract could not load the '" + options.language + "' model" +
                             (options.data.empty() ? " from " + options.dataPath : std::string(" from memory")));
  }
  psm_ = options.psm;
  api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(psm_));
  for (const auto& [name, value] : options.variables) {
    if (name == "thresholding_method") thresholding_ = value;
  }
}

PageReader::~PageReader() {
  if (api_) api_->End();
}

Outcome PageReader::Read(const uint8_t* bytes, size_t size, int timeoutMs, const std::atomic<bool>& cancel,
                         PageResult* out, const ReadMode& mode) {
  // Every page sets both, so a page read in another mode never leaks its settings into the next one.
  api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(mode.psm >= 0 ? mode.psm : psm_));
  api_->SetVariable("thresholding_method", mode.thresholding >= 0 ? std::to_string(mode.thresholding).c_str() : thresholding_.c_str());

  tesseract::ETEXT_DESC monitor;
  monitor.cancel = &CancelRequested;
  monitor.cancel_this = const_cast<std::atomic<bool>*>(&cancel);
  if (timeoutMs > 0) monitor.set_deadline_msecs(timeoutMs);

  PixPtr pix(pixReadMem(bytes, size));
  if (!pix) throw ImageError("the image could not be decoded");
  out->width = static_cast<int>(pixGetWidth(pix.get()));
  out->height = static_cast<int>(pixGetHeight(pix.get()));
  out->dpi = static_cast<int>(pixGetYRes(pix.get()));
  // SetImage copies the pix (and drops a PNG's alpha over white, as tesseract.js's SetImageFile does).
  api_->SetImage(pix.get());
  pix.reset();

  const int status = api_->Recognize(&monitor);
  if (status != 0) {
    api_->Clear();
    if (cancel.load()) return Outcome::kCancelled;
    if (monitor.deadline_exceeded()) return Outcome::kTimeout;
    throw std::runtime_error("tesseract failed to recognize the page");
  }

  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  if (it) {
    while (!it->Empty(tesseract::RIL_BLOCK)) {
      if (it->Empty(tesseract::RIL_WORD)) {
        it->Next(tesseract::RIL_WORD);
        continue;
      }
      if (it->IsAtBeginningOf(tesseract::RIL_BLOCK) && !PTIsTextType(it->BlockType())) {
        it->Next(tesseract::RIL_BLOCK);
        continue;
      }
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || out->lines.empty()) {
        LineResult line;
        line.box = BoxAt(*it, tesseract::RIL_TEXTLINE);
        line.confidence = static_cast<int>(it->Confidence(tesseract::RIL_TEXTLINE));
        out->lines.push_back(std::move(line));
      }
      WordResult word;
      std::unique_ptr<char, TextDeleter> text(it->GetUTF8Text(tesseract::RIL_WORD));
      if (text) word.text = text.get();
      word.box = BoxAt(*it, tesseract::RIL_WORD);
      word.confidence = static_cast<int>(it->Confidence(tesseract::RIL_WORD));
      out->lines.back().words.push_back(std::move(word));
      it->Next(tesseract::RIL_WORD);
    }
  }
  it.reset();
  // Frees the page image and results; the model stays loaded for the next page.
  api_->Clear();
  return Outcome::kOk;
}

std::string LibraryVersions() {
  char* lept = getLeptonicaVersion();
  std::string versions = std::string("tesseract ") + tesseract::TessBaseAPI::Version() + ", " + (lept ? lept : "leptonica");
  if (lept) lept_free(lept);
  return versions;
}

}  // namespace docket::ocr
