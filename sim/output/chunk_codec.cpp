#include "sim/output/chunk_codec.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "sim/core/errors.hpp"

namespace wfsim::output {
namespace {

// Fixed element sizes let the compiler unroll the inner byte loop.
template <std::size_t Size>
void shuffle_fixed(const std::byte* in, std::size_t valid, const std::byte* fill, std::size_t n,
                   std::byte* out) {
  for (std::size_t i = 0; i < valid; ++i) {
    for (std::size_t k = 0; k < Size; ++k) {
      out[k * n + i] = in[i * Size + k];
    }
  }
  for (std::size_t k = 0; k < Size; ++k) {
    std::memset(out + k * n + valid, static_cast<int>(fill[k]), n - valid);
  }
}

// The raw (unshuffled) chunk: the valid elements followed by fill copies.
void pad(const std::byte* in, std::size_t valid, std::span<const std::byte> fill, std::size_t n,
         std::byte* out) {
  const std::size_t size = fill.size();
  std::memcpy(out, in, valid * size);
  for (std::size_t i = valid; i < n; ++i) {
    std::memcpy(out + i * size, fill.data(), size);
  }
}

}  // namespace

std::byte* ChunkBuffer::ensure(std::size_t capacity) {
  if (capacity > capacity_) {
    data_ = std::make_unique_for_overwrite<std::byte[]>(capacity);
    capacity_ = capacity;
  }
  return data_.get();
}

void shuffle_bytes(const std::byte* in, std::size_t valid, std::span<const std::byte> fill,
                   std::size_t n, std::byte* out) {
  switch (fill.size()) {
    case 1:
      pad(in, valid, fill, n, out);  // HDF5 leaves 1-byte elements as they are
      return;
    case 2:
      shuffle_fixed<2>(in, valid, fill.data(), n, out);
      return;
    case 4:
      shuffle_fixed<4>(in, valid, fill.data(), n, out);
      return;
    case 8:
      shuffle_fixed<8>(in, valid, fill.data(), n, out);
      return;
    default:
      break;
  }
  const std::size_t size = fill.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::byte* elem = i < valid ? in + i * size : fill.data();
    for (std::size_t k = 0; k < size; ++k) {
      out[k * n + i] = elem[k];
    }
  }
}

ChunkCodec::ChunkCodec(const Compression& compression) {
  if (compression.filter == Compression::Filter::none) {
    return;
  }
  if (compression.level < 0 || compression.level > 9) {
    throw OutputError("deflate level must be in 0..9 (got " + std::to_string(compression.level) +
                      ")");
  }
  level_ = compression.level;
  rle_ = compression.strategy == Compression::Strategy::rle;
  // A shuffle without deflate costs time and saves nothing, so level 0 means raw.
  shuffle_ = level_ > 0 && compression.shuffle;
}

std::string ChunkCodec::describe() const {
  if (!filtered()) {
    return "none";
  }
  return std::string(shuffle_ ? "shuffle," : "") + "deflate:" + std::to_string(level_) +
         (rle_ ? ",rle" : "");
}

std::span<const std::byte> ChunkCodec::encode(std::span<const std::byte> data,
                                              std::span<const std::byte> fill,
                                              std::size_t chunk_elems, ChunkBuffer& scratch,
                                              ChunkBuffer& out) const {
  const std::size_t size = fill.size();
  const std::size_t valid = std::min(data.size() / size, chunk_elems);
  const std::size_t raw_bytes = chunk_elems * size;
  if (!filtered()) {
    if (valid == chunk_elems) {
      return data.first(raw_bytes);
    }
    pad(data.data(), valid, fill, chunk_elems, out.ensure(raw_bytes));
    return {out.data(), raw_bytes};
  }

  const std::byte* source = data.data();
  if (shuffle_ && size > 1) {
    shuffle_bytes(data.data(), valid, fill, chunk_elems, scratch.ensure(raw_bytes));
    source = scratch.data();
  } else if (valid < chunk_elems) {
    pad(data.data(), valid, fill, chunk_elems, scratch.ensure(raw_bytes));
    source = scratch.data();
  }
  // HDF5 marks deflate optional and skips it when the output would not fit in
  // the input size; we always keep the stream (any reader inflates it), so a
  // compressBound() buffer is always enough.
  uLongf packed = compressBound(static_cast<uLong>(raw_bytes));
  auto* dest = reinterpret_cast<Bytef*>(out.ensure(packed));
  if (!rle_) {
    const int rc = compress2(dest, &packed, reinterpret_cast<const Bytef*>(source),
                             static_cast<uLong>(raw_bytes), level_);
    if (rc != Z_OK) {
      throw OutputError("zlib compress2 failed (code " + std::to_string(rc) + ")");
    }
    return {out.data(), static_cast<std::size_t>(packed)};
  }
  z_stream z{};
  if (deflateInit2(&z, level_, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) {
    throw OutputError("zlib deflateInit2 failed");
  }
  z.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(source));
  z.avail_in = static_cast<uInt>(raw_bytes);
  z.next_out = dest;
  z.avail_out = static_cast<uInt>(packed);
  const int rc = deflate(&z, Z_FINISH);
  const auto written = static_cast<std::size_t>(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    throw OutputError("zlib deflate failed (code " + std::to_string(rc) + ")");
  }
  return {out.data(), written};
}

}  // namespace wfsim::output
