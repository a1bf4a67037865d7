// Constants shared with the TypeScript fallback (Math.PI is this double).
#pragma once

namespace docket {
constexpr double kPi = 3.14159265358979323846;
}
