#include "lib/store/insert_hint.h"

#include <cstring>

namespace dateline {
namespace {

// Where the hint prefix of `key` ends, or 0 when the key is not in the domain.
size_t HintLength(const rocksdb::Slice& key) {
  if (key.size() < 2 || key[1] != '/') return 0;
  switch (key[0]) {
    case 'E':
    case 'A':
      return 2;
    case 'T':
    case 'X': {
      const void* nul = std::memchr(key.data(), '\0', key.size());
      return nul == nullptr ? 0 : static_cast<const char*>(nul) - key.data() + 1;
    }
    case 'M':
      return key.size();
    default:
      return 0;
  }
}

}  // namespace

rocksdb::Slice KeyFamilyHint::Transform(const rocksdb::Slice& key) const {
  return rocksdb::Slice(key.data(), HintLength(key));
}

bool KeyFamilyHint::InDomain(const rocksdb::Slice& key) const { return HintLength(key) > 0; }

}  // namespace dateline
