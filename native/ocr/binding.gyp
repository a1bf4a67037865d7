# docket_ocr.node: native OCR on Debian's libtesseract 5 + Leptonica (node-gyp, run by native/build.mjs only when
# `pkg-config --exists tesseract lept` succeeds). A project of its own, so the main addon (../binding.gyp) builds
# the same on machines without libtesseract. Output: native/ocr/build/Release/docket_ocr.node.
{
  'targets': [
    {
      'target_name': 'docket_ocr',
      'sources': ['src/ocr_addon.cc', 'src/ocr_engine.cc', 'src/page_reader.cc'],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
      'cflags_cc': ['-std=c++17', '-O2', '-fexceptions', '<!@(pkg-config --cflags tesseract lept)'],
      'libraries': ['<!@(pkg-config --libs tesseract lept)', '-ldl'],
      'xcode_settings': {
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'CLANG_CXX_LIBRARY': 'libc++',
        'MACOSX_DEPLOYMENT_TARGET': '11.0',
        'OTHER_CPLUSPLUSFLAGS': ['-std=c++17', '-O2', '<!@(pkg-config --cflags tesseract lept)'],
      },
    },
  ],
}
