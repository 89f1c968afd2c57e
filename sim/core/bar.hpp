// The text of a progress bar, shared by the run's tick bar and the sweep's
// run bar: `width` characters, '#' for the done share, '.' for the rest.
#pragma once

#include <algorithm>
#include <string>

namespace wfsim {

inline std::string progress_bar(double fraction, int width = 30) {
  const int filled = std::clamp(static_cast<int>(fraction * width), 0, width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  return bar;
}

}  // namespace wfsim
