#include "sim/output/h5.hpp"

#include <array>

#include "sim/core/errors.hpp"

namespace wfsim::output::h5 {
namespace {

// The innermost entry of HDF5's error stack usually says why (errno text, the
// offending name); the outermost says which API call failed.
struct StackSummary {
  std::string inner;
  std::string outer;
};

herr_t collect(unsigned n, const H5E_error2_t* err, void* client) {
  auto* summary = static_cast<StackSummary*>(client);
  std::string line = err->desc != nullptr ? err->desc : "";
  if (line.empty()) {
    std::array<char, 256> minor{};
    if (H5Eget_msg(err->min_num, nullptr, minor.data(), minor.size()) > 0) {
      line = minor.data();
    }
  }
  if (n == 0) {
    summary->inner = line;
  }
  summary->outer = line;
  return 0;
}

std::string stack_summary() {
  StackSummary summary;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &summary);
  H5Eclear2(H5E_DEFAULT);
  if (summary.inner.empty()) {
    return "unknown HDF5 error";
  }
  if (summary.outer.empty() || summary.outer == summary.inner) {
    return summary.inner;
  }
  return summary.inner + " (" + summary.outer + ")";
}

herr_t close_id(hid_t id) {
  switch (H5Iget_type(id)) {
    case H5I_FILE:
      return H5Fclose(id);
    case H5I_GROUP:
      return H5Gclose(id);
    case H5I_DATASET:
      return H5Dclose(id);
    case H5I_ATTR:
      return H5Aclose(id);
    case H5I_DATATYPE:
      return H5Tclose(id);
    case H5I_DATASPACE:
      return H5Sclose(id);
    case H5I_GENPROP_LST:
      return H5Pclose(id);
    default:
      return H5Idec_ref(id) < 0 ? -1 : 0;
  }
}

Handle vlen_string() {
  Handle type(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
  return type;
}

Handle simple_space(std::span<const hsize_t> dims, std::span<const hsize_t> max = {}) {
  return {H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                           max.empty() ? nullptr : max.data()),
          "create dataspace"};
}

// Opens `name` for (re)writing: an existing attribute is reused if it has one
// element, so that close() can set `complete` without deleting anything.
Handle attr_for_write(hid_t obj, const char* name, hid_t type, hid_t space) {
  if (has_attr(obj, name)) {
    return {H5Aopen(obj, name, H5P_DEFAULT), std::string("open attribute ") + name};
  }
  return {H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
          std::string("create attribute ") + name};
}

struct AttrRead {
  Handle attr;
  Handle type;
  hssize_t count;
};

AttrRead open_attr(hid_t obj, const char* name) {
  const std::string what = std::string("read attribute ") + name;
  Handle attr(H5Aopen(obj, name, H5P_DEFAULT), what);
  Handle type(H5Aget_type(attr.get()), what);
  Handle space(H5Aget_space(attr.get()), what);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) {
    fail(what);
  }
  return {std::move(attr), std::move(type), count};
}

}  // namespace

void init() {
  // Per thread: in a thread-safe HDF5 (Debian's) each thread has its own
  // error stack and printing setting, and a sweep writes runs from several.
  thread_local bool done = false;
  if (!done) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    done = true;
  }
}

void fail(std::string_view what) {
  throw OutputError("HDF5: " + std::string(what) + ": " + stack_summary());
}

herr_t check(herr_t status, std::string_view what) {
  if (status < 0) {
    fail(what);
  }
  return status;
}

bool check_tri(htri_t status, std::string_view what) {
  if (status < 0) {
    fail(what);
  }
  return status > 0;
}

Handle::Handle(hid_t id, std::string_view what) : id_(id) {
  if (id < 0) {
    fail(what);
  }
}

Handle::~Handle() {
  if (id_ >= 0) {
    close_id(id_);
    H5Eclear2(H5E_DEFAULT);
  }
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0) {
      close_id(id_);
    }
    id_ = other.id_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::close() {
  if (id_ < 0) {
    return;
  }
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  check(close_id(id), "close");
}

Handle file_access_latest() {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access list");
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "set libver");
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "set close degree");
  return fapl;
}

Handle group_create_untimed() {
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), "create group creation list");
  check(H5Pset_obj_track_times(gcpl.get(), false), "disable group times");
  // Members are listed in the order they were created (the order metrics were
  // declared), not alphabetically, by `wfsim info` and by readers that ask.
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "track link creation order");
  return gcpl;
}

Handle chunked_create(std::span<const hsize_t> chunk, hid_t fill_type, const void* fill) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), "create dataset creation list");
  check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "set chunk");
  check(H5Pset_obj_track_times(dcpl.get(), false), "disable dataset times");
  if (fill != nullptr) {
    check(H5Pset_fill_value(dcpl.get(), fill_type, fill), "set fill value");
  }
  return dcpl;
}

Handle enum_u8(std::span<const EnumMember> members) {
  Handle type(H5Tenum_create(H5T_STD_U8LE), "create enum type");
  for (const EnumMember& m : members) {
    check(H5Tenum_insert(type.get(), m.name, &m.value), std::string("insert enum ") + m.name);
  }
  return type;
}

Handle compound(std::size_t size, std::span<const CompoundMember> members) {
  Handle type(H5Tcreate(H5T_COMPOUND, size), "create compound type");
  for (const CompoundMember& m : members) {
    check(H5Tinsert(type.get(), m.name, m.offset, m.type), std::string("insert member ") + m.name);
  }
  return type;
}

Handle packed_copy(hid_t type) {
  Handle copy(H5Tcopy(type), "copy type");
  check(H5Tpack(copy.get()), "pack type");
  return copy;
}

Handle create_group(hid_t parent, const char* name) {
  const Handle gcpl = group_create_untimed();
  return {H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
          std::string("create group ") + name};
}

Handle open_group(hid_t parent, const char* name) {
  return {H5Gopen2(parent, name, H5P_DEFAULT), std::string("open group ") + name};
}

bool exists(hid_t parent, const char* name) {
  return check_tri(H5Lexists(parent, name, H5P_DEFAULT), std::string("look up ") + name);
}

namespace {

herr_t add_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

}  // namespace

std::vector<std::string> member_names(hid_t group) {
  std::vector<std::string> names;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, add_name, &names) >= 0) {
    return names;
  }
  H5Eclear2(H5E_DEFAULT);  // the group does not track creation order: use names
  names.clear();
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, add_name, &names), "list group");
  return names;
}

Handle create_extendible(hid_t parent, const char* name, const ExtendibleSpec& spec) {
  const std::string what = std::string("create dataset ") + name;
  std::array<hsize_t, 2> dims{0, spec.cols};
  std::array<hsize_t, 2> max{H5S_UNLIMITED, spec.grow_cols ? H5S_UNLIMITED : spec.cols};
  std::array<hsize_t, 2> chunk{spec.chunk_rows, spec.chunk_cols};
  const auto rank = static_cast<std::size_t>(spec.rank);
  const Handle dcpl = chunked_create(std::span(chunk).first(rank), spec.fill_type, spec.fill);
  if (spec.shuffle) {
    check(H5Pset_shuffle(dcpl.get()), what);
  }
  if (spec.deflate_level > 0) {
    check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(spec.deflate_level)), what);
  }
  const Handle space = simple_space(std::span(dims).first(rank), std::span(max).first(rank));
  return {H5Dcreate2(parent, name, spec.type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
          what};
}

Handle open_dataset(hid_t parent, const char* name) {
  return {H5Dopen2(parent, name, H5P_DEFAULT), std::string("open dataset ") + name};
}

std::vector<hsize_t> extent(hid_t dset) {
  const Handle space(H5Dget_space(dset), "get dataspace");
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "get rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "get extent");
  return dims;
}

void set_extent(hid_t dset, std::span<const hsize_t> dims) {
  check(H5Dset_extent(dset, dims.data()), "extend dataset");
}

namespace {

// Selects rows [first_row, first_row + rows) of a rank 1 or 2 dataset whose
// shape is `dims`; returns the file space and a matching memory space.
std::pair<Handle, Handle> select_rows(hid_t dset, const std::vector<hsize_t>& dims,
                                      hsize_t first_row, hsize_t rows) {
  Handle file_space(H5Dget_space(dset), "get dataspace");
  std::array<hsize_t, 2> start{first_row, 0};
  std::array<hsize_t, 2> count{rows, dims.size() > 1 ? dims[1] : 1};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        "select rows");
  Handle mem_space = simple_space(std::span(count).first(dims.size()));
  return {std::move(file_space), std::move(mem_space)};
}

}  // namespace

void append(hid_t dset, hid_t mem, hsize_t first_row, hsize_t rows, const void* data) {
  std::vector<hsize_t> dims = extent(dset);
  dims[0] = first_row + rows;
  set_extent(dset, dims);
  if (rows == 0 || (dims.size() > 1 && dims[1] == 0)) {
    return;
  }
  const auto [file_space, mem_space] = select_rows(dset, dims, first_row, rows);
  check(H5Dwrite(dset, mem, mem_space.get(), file_space.get(), H5P_DEFAULT, data), "write rows");
}

void read_rows(hid_t dset, hid_t mem, hsize_t first_row, hsize_t rows, void* out) {
  const std::vector<hsize_t> dims = extent(dset);
  if (rows == 0 || (dims.size() > 1 && dims[1] == 0)) {
    return;
  }
  const auto [file_space, mem_space] = select_rows(dset, dims, first_row, rows);
  check(H5Dread(dset, mem, mem_space.get(), file_space.get(), H5P_DEFAULT, out), "read rows");
}

namespace {

void write_whole(hid_t parent, const char* name, std::span<const hsize_t> dims, hid_t file_type,
                 hid_t mem_type, const void* data) {
  const std::string what = std::string("write dataset ") + name;
  const Handle space = simple_space(dims);
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), what);
  check(H5Pset_obj_track_times(dcpl.get(), false), what);  // identical inputs, identical files
  const Handle dset(
      H5Dcreate2(parent, name, file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), what);
  check(H5Dwrite(dset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
}

}  // namespace

void write_dataset(hid_t parent, const char* name, std::span<const hsize_t> dims,
                   std::span<const double> data) {
  write_whole(parent, name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data.data());
}

void write_dataset(hid_t parent, const char* name, std::span<const hsize_t> dims,
                   std::span<const std::int64_t> data) {
  write_whole(parent, name, dims, H5T_STD_I64LE, H5T_NATIVE_INT64, data.data());
}

void write_dataset(hid_t parent, const char* name, std::span<const std::string> strings) {
  const Handle type = vlen_string();
  std::vector<const char*> ptrs;
  ptrs.reserve(strings.size() + 1);
  for (const std::string& v : strings) ptrs.push_back(v.c_str());
  if (ptrs.empty()) ptrs.push_back("");  // HDF5 rejects a null buffer even for 0 elements
  const std::array<hsize_t, 1> dims{strings.size()};
  write_whole(parent, name, dims, type.get(), type.get(), ptrs.data());
}

void write_attr(hid_t obj, const char* name, std::string_view value) {
  const Handle type = vlen_string();
  const Handle space(H5Screate(H5S_SCALAR), "create scalar space");
  const std::string text(value);
  const char* ptr = text.c_str();
  const Handle attr = attr_for_write(obj, name, type.get(), space.get());
  check(H5Awrite(attr.get(), type.get(), &ptr), std::string("write attribute ") + name);
}

void write_attr(hid_t obj, const char* name, std::int64_t value) {
  const Handle space(H5Screate(H5S_SCALAR), "create scalar space");
  const Handle attr = attr_for_write(obj, name, H5T_STD_I64LE, space.get());
  check(H5Awrite(attr.get(), H5T_NATIVE_INT64, &value), std::string("write attribute ") + name);
}

void write_attr(hid_t obj, const char* name, double value) {
  const Handle space(H5Screate(H5S_SCALAR), "create scalar space");
  const Handle attr = attr_for_write(obj, name, H5T_IEEE_F64LE, space.get());
  check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value), std::string("write attribute ") + name);
}

void write_attr(hid_t obj, const char* name, std::span<const std::string> values) {
  const Handle type = vlen_string();
  const std::array<hsize_t, 1> dims{values.size()};
  const Handle space = simple_space(dims);
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const std::string& v : values) {
    ptrs.push_back(v.c_str());
  }
  if (ptrs.empty()) {
    ptrs.push_back("");  // HDF5 rejects a null buffer even for 0 elements
  }
  const Handle attr = attr_for_write(obj, name, type.get(), space.get());
  check(H5Awrite(attr.get(), type.get(), ptrs.data()), std::string("write attribute ") + name);
}

bool has_attr(hid_t obj, const char* name) {
  return check_tri(H5Aexists(obj, name), std::string("look up attribute ") + name);
}

std::vector<std::string> read_attr_strings(hid_t obj, const char* name) {
  const std::string what = std::string("read attribute ") + name;
  const AttrRead a = open_attr(obj, name);
  if (H5Tget_class(a.type.get()) != H5T_STRING) {
    throw OutputError(std::string("attribute ") + name + " is not a string");
  }
  const auto n = static_cast<std::size_t>(a.count);
  std::vector<std::string> out;
  if (n == 0) {
    return out;
  }
  out.reserve(n);
  if (check_tri(H5Tis_variable_str(a.type.get()), what)) {
    const Handle mem = vlen_string();
    std::vector<char*> ptrs(n, nullptr);
    check(H5Aread(a.attr.get(), mem.get(), ptrs.data()), what);
    for (char* p : ptrs) {
      out.emplace_back(p != nullptr ? p : "");
      H5free_memory(p);
    }
  } else {
    const std::size_t size = H5Tget_size(a.type.get());
    std::string buffer(n * size, '\0');
    check(H5Aread(a.attr.get(), a.type.get(), buffer.data()), what);
    for (std::size_t i = 0; i < n; ++i) {
      std::string s = buffer.substr(i * size, size);
      s.resize(s.find('\0') == std::string::npos ? s.size() : s.find('\0'));
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::string read_attr_string(hid_t obj, const char* name) {
  std::vector<std::string> all = read_attr_strings(obj, name);
  if (all.size() != 1) {
    throw OutputError(std::string("attribute ") + name + " is not one string");
  }
  return std::move(all.front());
}

namespace {

template <class T>
T read_number(hid_t obj, const char* name) {
  const AttrRead a = open_attr(obj, name);
  const H5T_class_t cls = H5Tget_class(a.type.get());
  if ((cls != H5T_INTEGER && cls != H5T_FLOAT) || a.count != 1) {
    throw OutputError(std::string("attribute ") + name + " is not one number");
  }
  T value{};
  check(H5Aread(a.attr.get(), mem_type<T>(), &value), std::string("read attribute ") + name);
  return value;
}

}  // namespace

std::int64_t read_attr_int64(hid_t obj, const char* name) {
  return read_number<std::int64_t>(obj, name);
}

double read_attr_double(hid_t obj, const char* name) {
  return read_number<double>(obj, name);
}

}  // namespace wfsim::output::h5
