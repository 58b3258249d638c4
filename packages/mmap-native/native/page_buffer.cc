/*
 * ArrayBuffers over anonymous pages that V8 counts and frees: the backing of the huge-page allocator.
 *
 * Why. A fresh 35 MB output buffer costs ~8,700 page faults of 4 KiB (one trap and one zeroed page each),
 * which is most of the time a large copy takes. Mapped at a 2 MiB boundary and advised MADV_HUGEPAGE, the
 * same memory faults in 2 MiB pages: ~18 faults. Node-API can wrap such a mapping only as an external
 * ArrayBuffer whose finalizer runs on a later event-loop turn, so a synchronous loop of allocations would
 * keep every mapping until it yields. V8's own BackingStore deleter runs as soon as the store is freed.
 *
 * How. The store is created with a deleter that munmaps. Unlike uncounted_buffer.cc (EmptyDeleter), this
 * memory is counted as external memory: it is the process's own memory, and the collector needs the
 * pressure to free dead buffers. The deleter may run on a background thread (the ArrayBuffer sweeper);
 * munmap is safe there.
 *
 * ABI: the same rule as uncounted_buffer.cc: used only when lsm_uncounted_supported says the running Node is
 * the major version this file was compiled for; elsewhere the allocator is not offered.
 */
#include <node_api.h>
#include <v8.h>
#include <sys/mman.h>

#include <memory>

#include "napi_handle.h"

namespace {

void UnmapPages(void* data, size_t length, void* deleter_data) {
  (void)deleter_data;
  if (data != nullptr) munmap(data, length);
}

}  // namespace

extern "C" {

/* The longest buffer accepted: what a Uint8Array over it may hold (4 GiB on Node 20), below the length at which NewBackingStore aborts. */
size_t lsm_page_max_length(void) {
  return v8::TypedArray::kMaxLength;
}

/*
 * An ArrayBuffer that owns the mapping [addr, addr + length): V8 counts it and munmaps it when the buffer's
 * backing store is freed. NULL when no isolate is current (the caller then unmaps).
 */
napi_value lsm_page_arraybuffer(napi_env env, void* addr, size_t length) {
  (void)env;
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  if (isolate == nullptr) return nullptr;
  std::shared_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(addr, length, UnmapPages, nullptr);
  return lightstream::ToNapi(v8::ArrayBuffer::New(isolate, std::move(store)));
}

}  // extern "C"
