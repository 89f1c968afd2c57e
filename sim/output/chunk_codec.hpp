// Encodes one dataset chunk exactly as HDF5's filter pipeline would, so that
// chunks we compress on many threads and store with H5Dwrite_chunk read back
// through the filters registered on the dataset (by h5py, h5dump, ...).
//
// Pipeline (the order of registration on the dataset, filter mask 0):
//   1. shuffle (H5Z_FILTER_SHUFFLE): byte k of element i goes to k * n + i,
//      n = elements in the chunk; a no-op for 1-byte elements, as in HDF5.
//   2. deflate (H5Z_FILTER_DEFLATE): a zlib stream with header and checksum
//      at the level; with Strategy::standard it is compress2(), the call HDF5
//      itself makes (byte-identical chunks), with Strategy::rle zlib's Z_RLE
//      strategy (faster, still inflated by HDF5's filter).
// Level 0 or Filter::none means no filter at all: chunks are stored raw.
// Pure functions of their arguments, so safe to call from many threads.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "sim/output/run_writer.hpp"

namespace wfsim::output {

// A reusable byte buffer: grows on demand, never shrinks, never zero-fills
// (std::vector::resize would memset every chunk each tick).
class ChunkBuffer {
 public:
  std::byte* ensure(std::size_t capacity);
  [[nodiscard]] std::byte* data() const { return data_.get(); }

 private:
  std::unique_ptr<std::byte[]> data_;
  std::size_t capacity_ = 0;
};

class ChunkCodec {
 public:
  // Throws OutputError for a deflate level outside 0..9.
  explicit ChunkCodec(const Compression& compression);

  [[nodiscard]] bool shuffle() const { return shuffle_; }
  [[nodiscard]] int deflate_level() const { return level_; }  // 0: no deflate
  [[nodiscard]] bool filtered() const { return shuffle_ || level_ > 0; }
  // For the `compression` attribute: "shuffle,deflate:4", "deflate:1" or "none".
  [[nodiscard]] std::string describe() const;

  // Encodes one chunk of `chunk_elems` elements of fill.size() bytes each: the
  // elements of `data` (at most chunk_elems), then copies of `fill` up to a full
  // chunk. Returns the bytes to store: a view of `data` itself when it is a full
  // chunk and no filter is set, otherwise of `out`. `scratch` holds the
  // shuffled bytes; both buffers are reused between calls by the same thread.
  std::span<const std::byte> encode(std::span<const std::byte> data,
                                    std::span<const std::byte> fill, std::size_t chunk_elems,
                                    ChunkBuffer& scratch, ChunkBuffer& out) const;

 private:
  bool shuffle_ = false;
  int level_ = 0;
  bool rle_ = true;
};

// HDF5's byte shuffle of `n` elements of `elem_size` bytes from `in` (the
// first `valid` elements, then copies of `fill`) into `out` (n * elem_size bytes).
void shuffle_bytes(const std::byte* in, std::size_t valid, std::span<const std::byte> fill,
                   std::size_t n, std::byte* out);

}  // namespace wfsim::output
