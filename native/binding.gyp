# The CPU build of the addon (node-gyp, run by native/build.mjs). The CUDA build is compiled by build.mjs with nvcc.
# Flags: -O3 with a safe baseline (x86-64 + SSE4.2; arm64 as is) and AVX2 clones of hot loops picked at load time
# (src/common/simd.h). -ffp-contract=off keeps float64 results bit-identical to the TypeScript fallback;
# -fno-math-errno and -fno-trapping-math only drop errno and FP-trap semantics (values are unchanged), which lets
# sqrt and selects vectorize; -fopenmp-simd vectorizes the marked float reductions without the OpenMP runtime.
{
  'variables': {
    'docket_flags_x64': '-std=c++17 -O3 -msse4.2 -ffp-contract=off -fno-math-errno -fno-trapping-math -fopenmp-simd',
    'docket_flags_other': '-std=c++17 -O3 -ffp-contract=off -fno-math-errno -fno-trapping-math -fopenmp-simd',
  },
  'targets': [
    {
      'target_name': 'docket_native',
      'sources': [
        'src/addon.cc',
        'src/common/parallel.cc',
        'src/common/simd.cc',
        'src/kernels/pixels.cc',
        'src/kernels/skew.cc',
        'src/kernels/geometry.cc',
        'src/kernels/sauvola.cc',
        'src/kernels/components.cc',
        'src/kernels/quality.cc',
        'src/kernels/preprocess.cc',
        'src/kernels/dense.cc',
        'src/kernels/vectors.cc',
        'src/bindings/js_convert.cc',
        'src/bindings/device.cc',
        'src/bindings/image_ops.cc',
        'src/bindings/analysis_ops.cc',
        'src/bindings/preprocess_ops.cc',
        'src/bindings/model_ops.cc',
        'src/bindings/vector_ops.cc',
        'src/bindings/info.cc',
      ],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
      'cflags_cc': ['-fexceptions'],
      'conditions': [
        ['target_arch=="x64"', {
          'cflags_cc': ['<@(docket_flags_x64)'],
          'defines': ['DOCKET_BUILD_FLAGS="<(docket_flags_x64)"'],
          'xcode_settings': { 'OTHER_CPLUSPLUSFLAGS': ['<@(docket_flags_x64)'] },
        }, {
          'cflags_cc': ['<@(docket_flags_other)'],
          'defines': ['DOCKET_BUILD_FLAGS="<(docket_flags_other)"'],
          'xcode_settings': { 'OTHER_CPLUSPLUSFLAGS': ['<@(docket_flags_other)'] },
        }],
      ],
      'xcode_settings': {
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'CLANG_CXX_LIBRARY': 'libc++',
        'MACOSX_DEPLOYMENT_TARGET': '11.0',
      },
      'msvs_settings': { 'VCCLCompilerTool': { 'ExceptionHandling': 1, 'AdditionalOptions': ['/std:c++17', '/O2', '/fp:precise'] } },
    },
  ],
}
