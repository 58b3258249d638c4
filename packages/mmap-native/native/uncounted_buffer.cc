/*
 * Uncounted ArrayBuffers over a mapping: the one part of the addon that uses V8's C++ API.
 *
 * Why. V8 adds every attached ArrayBuffer's length to its external-memory counter, and crossing the limit
 * (64 MiB above the low-water mark) starts a garbage collection cycle. A mapping of a 2 GB file therefore
 * costs a mark-compact each time it is opened, although mapped file pages are page cache: clean, shared and
 * reclaimable by the kernel, not memory this process allocated. Node-API has no way to say so (see the
 * comment in lightstream_mmap.c on why offsetting the counter fails). V8 itself leaves two kinds of backing
 * store uncounted: shared ones, and ones created with BackingStore::EmptyDeleter ("manually managed").
 *
 * How. The mapping's ArrayBuffer is created with EmptyDeleter, so V8 neither counts it nor frees it. The
 * addon frees (munmaps) it itself, and only when no BackingStore reference is left: V8's documented
 * condition for manually managed memory is that it is freed after its ArrayBuffer is detached. We keep a
 * std::weak_ptr to the BackingStore; it expires when the last holder lets go: our close() detaching the
 * buffer, or the collector sweeping a forgotten one (JavaScript's FinalizationRegistry then asks again), or
 * whoever a transfer moved the store to dropping it. Until it expires, the mapping stays.
 *
 * ABI. The V8 C++ API is stable only within a Node major version, unlike Node-API. The functions here are
 * used only when the running Node's major version is the one this file was compiled against
 * (lsm_uncounted_supported); otherwise the addon makes ordinary, counted external ArrayBuffers. The V8
 * symbols are bound lazily (Node loads addons with RTLD_LAZY), so a mismatched Node never calls them.
 */
#include <node_api.h>
#include <node_version.h>
#include <v8.h>

#include <memory>
#include <new>

#include "napi_handle.h"

namespace {

struct UncountedStore {
  std::weak_ptr<v8::BackingStore> store;
};

}  // namespace

extern "C" {

/* The Node major version this file was compiled against. */
int lsm_built_for_node_major(void) {
  return NODE_MAJOR_VERSION;
}

/* 1 when the running Node is the major version this file was compiled for. */
int lsm_uncounted_supported(napi_env env) {
#ifdef V8_ENABLE_SANDBOX
  // A sandboxed V8 (Electron) refuses memory outside its sandbox: Node-API reports that for the counted path.
  (void)env;
  return 0;
#endif
  const napi_node_version* version = nullptr;
  if (napi_get_node_version(env, &version) != napi_ok || version == nullptr) return 0;
  return version->major == NODE_MAJOR_VERSION ? 1 : 0;
}

/*
 * An ArrayBuffer over [addr, addr + length) that V8 neither counts nor frees, in the caller's handle scope;
 * *token receives the record lsm_uncounted_released needs. NULL (and no token) on failure.
 */
napi_value lsm_uncounted_arraybuffer(napi_env env, void* addr, size_t length, void** token) {
  (void)env;
  *token = nullptr;
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  if (isolate == nullptr) return nullptr;
  UncountedStore* record = new (std::nothrow) UncountedStore();
  if (record == nullptr) return nullptr;
  std::shared_ptr<v8::BackingStore> store =
      v8::ArrayBuffer::NewBackingStore(addr, length, v8::BackingStore::EmptyDeleter, nullptr);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, store);
  record->store = store;
  *token = record;
  return lightstream::ToNapi(buffer);
}

/* 1 when no BackingStore reference to the mapping is left anywhere (its memory may be unmapped). */
int lsm_uncounted_released(void* token) {
  return static_cast<UncountedStore*>(token)->store.expired() ? 1 : 0;
}

void lsm_uncounted_free(void* token) {
  delete static_cast<UncountedStore*>(token);
}

}  // extern "C"
