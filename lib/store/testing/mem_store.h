// A RocksKvStore over RocksDB's in-memory Env, for unit tests.
#ifndef DATELINE_LIB_STORE_TESTING_MEM_STORE_H_
#define DATELINE_LIB_STORE_TESTING_MEM_STORE_H_

#include <memory>

#include "lib/store/rocks_kv_store.h"
#include "rocksdb/env.h"

namespace dateline::testing {

// Owns the Env and the store opened on it (destroyed in the right order).
struct MemStore {
  MemStore() : env(rocksdb::NewMemEnv(rocksdb::Env::Default())) {
    auto opened = RocksKvStore::OpenPrimary("/db", {env.get()});
    if (opened.ok()) kv = *std::move(opened);
  }
  std::unique_ptr<rocksdb::Env> env;
  std::unique_ptr<RocksKvStore> kv;  // null only if opening failed (tests check)
};

}  // namespace dateline::testing

#endif  // DATELINE_LIB_STORE_TESTING_MEM_STORE_H_
