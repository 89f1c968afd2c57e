// A thin RAII layer over the HDF5 C API, just what the run writer and `wfsim info` need.
//
// Every id lives in a move-only Handle that closes it with the right H5*close
// call. Every failing HDF5 call becomes a wfsim::OutputError whose message
// names what we were doing and the two most telling lines of HDF5's error
// stack; HDF5's own printing of that stack to stderr is switched off (init()).
// Numbers are stored little-endian in files (H5T_STD_* / H5T_IEEE_*): the
// direct chunk writes hand HDF5 raw bytes, so file and memory layout must agree.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace wfsim::output::h5 {

// Switches off HDF5's automatic error printing, once per thread. Every entry
// point of the output layer calls it before touching HDF5.
void init();

// Throws OutputError("HDF5: <what>: <error stack summary>").
[[noreturn]] void fail(std::string_view what);
// Throws as fail() if `status` < 0, else returns it.
herr_t check(herr_t status, std::string_view what);
// For H5*exists / H5Tequal style calls: throws if negative, else returns the truth value.
bool check_tri(htri_t status, std::string_view what);

// Owns one HDF5 id (file, group, dataset, attribute, datatype, dataspace,
// property list) and closes it when destroyed.
class Handle {
 public:
  Handle() = default;
  // Takes ownership of `id`; throws OutputError naming `what` if it is invalid.
  Handle(hid_t id, std::string_view what);
  ~Handle();
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  [[nodiscard]] hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  // Closes now and throws if HDF5 reports a failure (the destructor cannot).
  void close();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Element types: `file_type<T>()` for dataset and attribute types in the file,
// `mem_type<T>()` for buffers. Both are predefined ids that must not be closed.
template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, std::int8_t>) {
    return H5T_STD_I8LE;
  } else if constexpr (std::is_same_v<T, std::uint8_t>) {
    return H5T_STD_U8LE;
  } else if constexpr (std::is_same_v<T, std::int16_t>) {
    return H5T_STD_I16LE;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return H5T_STD_I32LE;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return H5T_STD_I64LE;
  } else if constexpr (std::is_same_v<T, float>) {
    return H5T_IEEE_F32LE;
  } else if constexpr (std::is_same_v<T, double>) {
    return H5T_IEEE_F64LE;
  } else {
    static_assert(sizeof(T) == 0, "no HDF5 file type for this C++ type");
  }
}
template <class T>
hid_t mem_type() {
  if constexpr (std::is_same_v<T, std::int8_t>) {
    return H5T_NATIVE_INT8;
  } else if constexpr (std::is_same_v<T, std::uint8_t>) {
    return H5T_NATIVE_UINT8;
  } else if constexpr (std::is_same_v<T, std::int16_t>) {
    return H5T_NATIVE_INT16;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return H5T_NATIVE_INT32;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return H5T_NATIVE_INT64;
  } else if constexpr (std::is_same_v<T, float>) {
    return H5T_NATIVE_FLOAT;
  } else if constexpr (std::is_same_v<T, double>) {
    return H5T_NATIVE_DOUBLE;
  } else {
    static_assert(sizeof(T) == 0, "no HDF5 memory type for this C++ type");
  }
}

// ---- property lists and types ----

// File access: latest format (SWMR needs it in 1.10) and SEMI close degree, so
// that closing a file with objects still open fails loudly instead of lingering.
Handle file_access_latest();
// Group creation without access/modification times (identical runs, identical
// files), links indexed by creation order.
Handle group_create_untimed();
// Chunked dataset creation without times, with an optional fill value
// (`fill` is one element of `fill_type`).
Handle chunked_create(std::span<const hsize_t> chunk, hid_t fill_type = H5I_INVALID_HID,
                      const void* fill = nullptr);

struct EnumMember {
  const char* name;
  std::uint8_t value;
};
// An enum over uint8: one id serves as file and memory type on little-endian hosts.
Handle enum_u8(std::span<const EnumMember> members);

struct CompoundMember {
  const char* name;
  std::size_t offset;
  hid_t type;
};
// A compound type of `size` bytes (a C++ struct); pack() of it gives the file type.
Handle compound(std::size_t size, std::span<const CompoundMember> members);
Handle packed_copy(hid_t type);

// ---- groups and datasets ----

Handle create_group(hid_t parent, const char* name);
Handle open_group(hid_t parent, const char* name);
bool exists(hid_t parent, const char* name);
// Names of the links in a group, in creation order where it was tracked.
std::vector<std::string> member_names(hid_t group);

// A dataset that starts empty and grows along axis 0. rank 1: shape [0],
// chunk {chunk_rows}. rank 2: shape [0, cols], chunk {chunk_rows, chunk_cols};
// axis 1 is unlimited too when `grow_cols`. The filters are registered in
// the order HDF5 applies them on write: shuffle, then deflate.
struct ExtendibleSpec {
  hid_t type;
  hsize_t chunk_rows;
  int rank = 1;
  hsize_t cols = 0;
  hsize_t chunk_cols = 1;
  bool grow_cols = false;
  hid_t fill_type = H5I_INVALID_HID;  // with `fill`: the fill value of every cell
  const void* fill = nullptr;
  bool shuffle = false;
  int deflate_level = 0;  // 0: no deflate filter
};
Handle create_extendible(hid_t parent, const char* name, const ExtendibleSpec& spec);
Handle open_dataset(hid_t parent, const char* name);

// Current shape of a dataset (rank 1 or 2).
std::vector<hsize_t> extent(hid_t dset);
void set_extent(hid_t dset, std::span<const hsize_t> dims);

// Grows `dset` (rank 1 or 2) from `first_row` to `first_row + rows` rows and
// writes those rows, all columns, from `data` (row-major, `mem` elements).
void append(hid_t dset, hid_t mem, hsize_t first_row, hsize_t rows, const void* data);
// Reads rows [first_row, first_row + rows), all columns, into `out`.
void read_rows(hid_t dset, hid_t mem, hsize_t first_row, hsize_t rows, void* out);

// Fixed-size, contiguous datasets written whole (small tables: summaries,
// indexes). `dims` is the shape (rank 1 or 2), `data` row-major.
void write_dataset(hid_t parent, const char* name, std::span<const hsize_t> dims,
                   std::span<const double> data);
void write_dataset(hid_t parent, const char* name, std::span<const hsize_t> dims,
                   std::span<const std::int64_t> data);
void write_dataset(hid_t parent, const char* name, std::span<const std::string> strings);

// ---- attributes ----

void write_attr(hid_t obj, const char* name, std::string_view value);  // UTF-8, variable length
void write_attr(hid_t obj, const char* name, std::int64_t value);
void write_attr(hid_t obj, const char* name, double value);
void write_attr(hid_t obj, const char* name, std::span<const std::string> values);
bool has_attr(hid_t obj, const char* name);
// Readers accept variable- and fixed-length strings and convert numbers.
std::string read_attr_string(hid_t obj, const char* name);
std::vector<std::string> read_attr_strings(hid_t obj, const char* name);
std::int64_t read_attr_int64(hid_t obj, const char* name);
double read_attr_double(hid_t obj, const char* name);

}  // namespace wfsim::output::h5
