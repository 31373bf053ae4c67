#include "gzip.h"

#include <zlib.h>

#include <memory>

namespace wasmbind::binding {
namespace {
struct InflateEnd {
  void operator()(z_stream* z) const {
    inflateEnd(z);
    delete z;
  }
};
Error gzip_error(std::string why) { return Error(ErrorKind::Host, "gzip: " + std::move(why)); }
}  // namespace

Result<std::string> gunzip(std::string_view compressed, size_t max_output) {
  std::unique_ptr<z_stream, InflateEnd> z(new z_stream{});
  // 16 + MAX_WBITS: expect a gzip header and trailer (not zlib or raw deflate).
  if (inflateInit2(z.get(), 16 + MAX_WBITS) != Z_OK) {
    delete z.release();
    return gzip_error("cannot initialise zlib");
  }
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z->avail_in = 0;
  size_t remaining_in = compressed.size();
  std::string out;
  out.resize(compressed.size() < max_output / 4 ? compressed.size() * 4 + 64 : max_output);
  size_t produced = 0;
  bool member_done = false;
  for (;;) {
    if (z->avail_in == 0 && remaining_in > 0) {
      uInt chunk = remaining_in > (1u << 30) ? (1u << 30) : static_cast<uInt>(remaining_in);
      z->avail_in = chunk;
      remaining_in -= chunk;
    }
    if (produced == out.size()) {
      if (out.size() >= max_output)
        return gzip_error("decoded body exceeds " + std::to_string(max_output) + " bytes");
      out.resize(out.size() * 2 > max_output ? max_output : out.size() * 2);
    }
    size_t room = out.size() - produced;
    z->next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z->avail_out = room > (1u << 30) ? (1u << 30) : static_cast<uInt>(room);
    uInt before = z->avail_out;
    int rc = inflate(z.get(), Z_NO_FLUSH);
    produced += before - z->avail_out;
    if (rc == Z_STREAM_END) {
      member_done = true;
      if (z->avail_in == 0 && remaining_in == 0) break;
      // Another member follows.
      if (inflateReset(z.get()) != Z_OK) return gzip_error("cannot reset zlib");
      member_done = false;
      continue;
    }
    if (rc == Z_BUF_ERROR) {
      if (z->avail_in == 0 && remaining_in == 0) break;  // input ended inside a member
      continue;  // needs more output room
    }
    if (rc != Z_OK)
      return gzip_error(z->msg ? z->msg : "invalid compressed data");
  }
  if (!member_done) return gzip_error("unexpected EOF");
  out.resize(produced);
  return out;
}

}  // namespace wasmbind::binding
