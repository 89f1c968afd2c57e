// Temporary names for files that are written whole and then renamed into
// place: unique per host and process, so processes of one sweep on several
// machines of a shared file system never write to the same temporary file.
#pragma once

#include <unistd.h>

#include <array>
#include <filesystem>
#include <string>

namespace wfsim {

inline std::filesystem::path temp_name(const std::filesystem::path& final_path) {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::filesystem::path p = final_path;
  p += ".";
  p += host.data();
  p += ".";
  p += std::to_string(::getpid());
  p += ".tmp";
  return p;
}

}  // namespace wfsim
