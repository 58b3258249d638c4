/*
 * lightstream_mmap: the native half of @lightstream/mmap-native.
 *
 * A deliberately small Node-API (C, ABI-stable, NAPI_VERSION 8) module. JavaScript opens the file, checks what
 * it is and decides the window layout; this module only maps, advises, syncs and unmaps ranges of an open file
 * descriptor and hands each mapping to JavaScript as an external ArrayBuffer.
 *
 * Exports:
 *   pageSize                                    the system page size (window offsets must be multiples of it)
 *   uncounted                                   whether map() can make uncounted buffers on this Node
 *   builtForNodeMajor                           the Node major version the addon was compiled against
 *   map(fd, offset, length, writable, uncounted?) -> [ArrayBuffer, handle, uncounted]
 *       read-only:  PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_NORESERVE. Copy-on-write, so a stray write through a
 *                   typed array changes only this process's copy of the page: the file never changes and the
 *                   process never takes a SIGSEGV for writing to a read-only page.
 *       writable:   PROT_READ|PROT_WRITE, MAP_SHARED: writes reach the file.
 *       uncounted:  when asked and this Node is the major version the addon was built for, the ArrayBuffer is
 *                   one V8 does not count as external memory (uncounted_buffer.cc); the third element says
 *                   whether it is. Otherwise an ordinary external ArrayBuffer whose finalizer unmaps.
 *   unmap(handle, arrayBuffer) -> unmapped      detach the ArrayBuffer (every view of it now has length 0), then
 *                                               munmap. Idempotent. When the buffer was already detached by a
 *                                               transfer (its memory now lives in another ArrayBuffer), the
 *                                               mapping is left to that buffer: its finalizer (counted) or a
 *                                               later release() (uncounted). False while still referenced.
 *   release(handle) -> unmapped                 uncounted mappings: munmap once no BackingStore reference to
 *                                               the memory is left (JavaScript calls it after the buffer is
 *                                               collected, and retries); true once unmapped.
 *   advise(handle, offset, length, advice)      madvise on a page-aligned subrange (0 normal, 1 sequential,
 *                                               2 random, 3 willneed, 4 populate = MADV_POPULATE_READ,
 *                                               or WILLNEED where the kernel lacks it).
 *   sync(handle, offset, length)                msync(MS_SYNC) on a subrange of a writable mapping.
 *   fileSize(fd)                                fstat's st_size (a cheap check that the file has not changed).
 *   allocPages(length) -> ArrayBuffer | null    fresh zeroed anonymous memory for hugePageAllocator: 2 MiB
 *                                               aligned and MADV_HUGEPAGE from 2 MiB up; counted by V8 and
 *                                               unmapped by the backing store's deleter (page_buffer.cc).
 *                                               Null on a Node major version other than the one built for.
 *
 * Ownership: each mapping has one heap record. Counted: shared by two JS values, the ArrayBuffer and the handle
 * (an external), each holding one reference; the record is freed when both are gone. The ArrayBuffer's
 * finalizer (garbage collection, or after unmap's detach) unmaps if unmap was never called, so a forgotten
 * close() cannot leak the mapping. Uncounted: only the handle holds the record; JavaScript keeps the handle
 * until the buffer is collected and release() has unmapped. Either way an explicit close() cannot leave
 * dangling views because it detaches first.
 *
 * External-memory accounting. V8 counts every attached ArrayBuffer's length as external memory (attach:
 * +length through AdjustAmountOfExternalAllocatedMemory, which checks a limit), so each mapping of a large file
 * would start an incremental GC cycle (a mark-compact of the heap soon after), although mapped pages are page
 * cache: clean and reclaimable. Hiding them with napi_adjust_external_memory(-length) does not work, and must
 * not be tried again without checking both points below:
 *   - Node 20 (V8 11.3): a decrease lowers the counter's low-water mark and the limit with it (limit = low +
 *     64 MiB), so the attach's +length still crosses the limit whenever length > 64 MiB: the same GC starts.
 *   - Node 24 (V8 13.6): the counter may never go below zero; the decrease aborts the process
 *     ("Check failed: amount_before >= -delta").
 * What works is a backing store V8 itself leaves uncounted: one made with BackingStore::EmptyDeleter, which
 * Node-API cannot create, hence the small C++ file uncounted_buffer.cc (V8 API, used only on the Node major
 * version it was compiled for). Such memory is ours to free, after its ArrayBuffer is detached or collected
 * and no BackingStore reference is left; the record's token tracks that.
 */
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

typedef struct {
  void* addr;
  size_t length;
  int writable;
  int unmapped;
  int refs;
  /* Uncounted (uncounted_buffer.cc): V8 does not free or count the buffer; we unmap once `token` says released. */
  int uncounted;
  void* token;
} lsm_mapping;

/* uncounted_buffer.cc */
int lsm_uncounted_supported(napi_env env);
int lsm_built_for_node_major(void);
napi_value lsm_uncounted_arraybuffer(napi_env env, void* addr, size_t length, void** token);
int lsm_uncounted_released(void* token);
void lsm_uncounted_free(void* token);
/* page_buffer.cc */
napi_value lsm_page_arraybuffer(napi_env env, void* addr, size_t length);
size_t lsm_page_max_length(void);

static size_t lsm_page_size(void) {
  long size = sysconf(_SC_PAGESIZE);
  return size > 0 ? (size_t)size : 4096;
}

static void lsm_release(lsm_mapping* m) {
  if (--m->refs == 0) {
    if (m->token != NULL) lsm_uncounted_free(m->token);
    free(m);
  }
}

static void lsm_do_unmap(lsm_mapping* m) {
  if (!m->unmapped) {
    munmap(m->addr, m->length);
    m->unmapped = 1;
  }
}

/* The ArrayBuffer's backing store is gone (GC, or detached by unmap): unmap unless already done. */
static void lsm_finalize_buffer(napi_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  lsm_mapping* m = (lsm_mapping*)hint;
  lsm_do_unmap(m);
  lsm_release(m);
}

/* Unmap an uncounted mapping if nothing refers to its memory any more; 1 when it is (now or already) unmapped. */
static int lsm_try_unmap_uncounted(lsm_mapping* m) {
  if (m->unmapped) return 1;
  if (!lsm_uncounted_released(m->token)) return 0;
  lsm_do_unmap(m);
  return 1;
}

static void lsm_finalize_handle(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  lsm_mapping* m = (lsm_mapping*)data;
  /* An uncounted mapping still referenced here (a transferred buffer alive at exit) is left mapped. */
  if (m->uncounted) lsm_try_unmap_uncounted(m);
  lsm_release(m);
}

static napi_value lsm_bool(napi_env env, int value) {
  napi_value result;
  if (napi_get_boolean(env, value != 0, &result) != napi_ok) return NULL;
  return result;
}

static const char* lsm_errno_code(int err) {
  switch (err) {
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case ENODEV: return "ENODEV";
    case ENOMEM: return "ENOMEM";
    case EOVERFLOW: return "EOVERFLOW";
    case EPERM: return "EPERM";
    case ETXTBSY: return "ETXTBSY";
    case EIO: return "EIO";
    case EBUSY: return "EBUSY";
    default: return "EUNKNOWN";
  }
}

static napi_value lsm_throw_errno(napi_env env, const char* what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_throw_error(env, lsm_errno_code(err), message);
  return NULL;
}

static napi_value lsm_throw(napi_env env, const char* code, const char* message) {
  napi_throw_error(env, code, message);
  return NULL;
}

/* A non-negative integer argument that fits in a double exactly (offsets and lengths up to 2^53). */
static int lsm_get_size(napi_env env, napi_value value, int64_t* out) {
  double d;
  if (napi_get_value_double(env, value, &d) != napi_ok) return 0;
  if (!(d >= 0 && d <= 9007199254740991.0) || d != (double)(int64_t)d) return 0;
  *out = (int64_t)d;
  return 1;
}

static int lsm_get_args(napi_env env, napi_callback_info info, size_t expected, napi_value* argv) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  return argc >= expected;
}

static lsm_mapping* lsm_get_mapping(napi_env env, napi_value handle) {
  void* data = NULL;
  napi_valuetype type;
  if (napi_typeof(env, handle, &type) != napi_ok || type != napi_external) return NULL;
  if (napi_get_value_external(env, handle, &data) != napi_ok) return NULL;
  return (lsm_mapping*)data;
}

/* The page-aligned subrange [offset, offset + length) of a live mapping, clamped to it; 0 when empty. */
static int lsm_subrange(lsm_mapping* m, int64_t offset, int64_t length, void** start, size_t* size) {
  size_t page = lsm_page_size();
  if ((uint64_t)offset >= m->length || length == 0) return 0;
  size_t begin = (size_t)offset - (size_t)offset % page;
  size_t end = (uint64_t)offset + (uint64_t)length > m->length ? m->length : (size_t)(offset + length);
  *start = (char*)m->addr + begin;
  *size = end - begin;
  return 1;
}

/* The huge (PMD) page size mappings are aligned to: 2 MiB on x86-64 and arm64 with 4 KiB pages. */
#define LSM_HUGE_PAGE ((size_t)2 * 1024 * 1024)

/*
 * Map [offset, offset + length) of fd at an address congruent to `offset` modulo 2 MiB, or MAP_FAILED.
 * Page cache holds large files in large folios on recent kernels (2 MiB ones after readahead on ext4, XFS,
 * tmpfs); the kernel maps such a folio with one page-table entry when the mapping is aligned the same way as
 * the file offset, so a scan takes one fault per 2 MiB instead of one per 64 KiB and far fewer TLB misses
 * (measured here: faulting in a 2 GB file 151 ms unaligned, 10 ms aligned with MADV_HUGEPAGE). A range of
 * address space is reserved first (PROT_NONE), the file mapped over part of it with MAP_FIXED, and the rest
 * released, so nothing else can land in between. Small ranges are not worth it.
 */
static void* lsm_mmap_huge_aligned(size_t length, int prot, int flags, int fd, off_t offset) {
  size_t page = lsm_page_size();
  if (length < LSM_HUGE_PAGE || length > SIZE_MAX - 2 * LSM_HUGE_PAGE) return MAP_FAILED;
  size_t rounded = (length + page - 1) / page * page; /* what mmap maps: whole pages */
  size_t span = rounded + LSM_HUGE_PAGE;
  void* reserved = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (reserved == MAP_FAILED) return MAP_FAILED;
  uintptr_t base = (uintptr_t)reserved;
  uintptr_t want = (uintptr_t)((uint64_t)offset % LSM_HUGE_PAGE);
  uintptr_t start = base + ((want + LSM_HUGE_PAGE - base % LSM_HUGE_PAGE) % LSM_HUGE_PAGE);
  void* addr = mmap((void*)start, length, prot, flags | MAP_FIXED, fd, offset);
  if (addr == MAP_FAILED) {
    munmap(reserved, span);
    return MAP_FAILED;
  }
  if (start > base) munmap(reserved, start - base);
  uintptr_t end = start + rounded;
  if (base + span > end) munmap((void*)end, base + span - end);
  return addr;
}

static napi_value lsm_map(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t argc = 5;
  int32_t fd;
  int64_t offset, length;
  bool writable;
  bool want_uncounted = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4) {
    return lsm_throw(env, "EINVAL", "map(fd, offset, length, writable, uncounted?) needs 4 or 5 arguments");
  }
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return lsm_throw(env, "EINVAL", "map: fd must be a non-negative integer");
  if (!lsm_get_size(env, argv[1], &offset) || !lsm_get_size(env, argv[2], &length)) {
    return lsm_throw(env, "EINVAL", "map: offset and length must be non-negative safe integers");
  }
  if (napi_get_value_bool(env, argv[3], &writable) != napi_ok) return lsm_throw(env, "EINVAL", "map: writable must be a boolean");
  if (argc >= 5 && napi_get_value_bool(env, argv[4], &want_uncounted) != napi_ok) return lsm_throw(env, "EINVAL", "map: uncounted must be a boolean");
  if (length == 0) return lsm_throw(env, "EINVAL", "map: length must be positive");
  if ((uint64_t)offset % lsm_page_size() != 0) return lsm_throw(env, "EINVAL", "map: offset must be a multiple of the page size");
  if ((uint64_t)length > (uint64_t)SIZE_MAX || (uint64_t)offset > (uint64_t)INT64_MAX - (uint64_t)length) {
    return lsm_throw(env, "EOVERFLOW", "map: range does not fit the address space");
  }

  int prot = PROT_READ | PROT_WRITE;
  int flags = writable ? MAP_SHARED : (MAP_PRIVATE | MAP_NORESERVE);
  void* addr = lsm_mmap_huge_aligned((size_t)length, prot, flags, fd, (off_t)offset);
  if (addr == MAP_FAILED) addr = mmap(NULL, (size_t)length, prot, flags, fd, (off_t)offset);
  if (addr == MAP_FAILED) return lsm_throw_errno(env, "mmap", errno);
  /* Ask for huge page mappings where the kernel can give them (read-only mappings; ignored elsewhere). */
#ifdef MADV_HUGEPAGE
  if (!writable && (size_t)length >= LSM_HUGE_PAGE) (void)madvise(addr, (size_t)length, MADV_HUGEPAGE);
#endif

  lsm_mapping* m = (lsm_mapping*)calloc(1, sizeof *m);
  if (m == NULL) {
    munmap(addr, (size_t)length);
    return lsm_throw_errno(env, "map", ENOMEM);
  }
  m->addr = addr;
  m->length = (size_t)length;
  m->writable = writable ? 1 : 0;

  napi_value buffer = NULL;
  if (want_uncounted && lsm_uncounted_supported(env)) {
    buffer = lsm_uncounted_arraybuffer(env, addr, (size_t)length, &m->token);
    if (buffer != NULL) m->uncounted = 1;
  }
  if (buffer == NULL) {
    m->refs = 1; /* the ArrayBuffer's reference, taken over by its finalizer once it exists */
    napi_status status = napi_create_external_arraybuffer(env, addr, (size_t)length, lsm_finalize_buffer, m, &buffer);
    if (status != napi_ok) {
      munmap(addr, (size_t)length);
      free(m);
      /* A pending exception (e.g. the runtime refused the size) is kept; otherwise report the status. */
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) return NULL;
      /* 22 is napi_no_external_buffers_allowed (V8 sandbox, e.g. Electron); compared by value so older headers build. */
      if ((int)status == 22) return lsm_throw(env, "ENOEXTERNAL", "this runtime does not allow external ArrayBuffers");
      return lsm_throw(env, "EEXTERNAL", "napi_create_external_arraybuffer failed");
    }
  }

  napi_value handle;
  m->refs++; /* the handle's reference */
  if (napi_create_external(env, m, lsm_finalize_handle, NULL, &handle) != napi_ok) {
    m->refs--;
    /* Counted: the buffer's finalizer will unmap and free when it is collected. Uncounted: nothing would. */
    if (m->uncounted) {
      napi_detach_arraybuffer(env, buffer);
      lsm_try_unmap_uncounted(m);
      lsm_uncounted_free(m->token);
      free(m);
    }
    return lsm_throw(env, "EEXTERNAL", "napi_create_external failed");
  }

  napi_value result;
  napi_value uncounted = lsm_bool(env, m->uncounted);
  if (uncounted == NULL || napi_create_array_with_length(env, 3, &result) != napi_ok ||
      napi_set_element(env, result, 0, buffer) != napi_ok ||
      napi_set_element(env, result, 1, handle) != napi_ok ||
      napi_set_element(env, result, 2, uncounted) != napi_ok) {
    return NULL;
  }
  return result;
}

/*
 * allocPages(length) -> ArrayBuffer | null: `length` bytes of fresh, zeroed anonymous memory for the huge-page
 * allocator. Lengths of 2 MiB and more start at a 2 MiB boundary and are advised MADV_HUGEPAGE (where the
 * kernel has it), so they fault in huge pages when transparent huge pages are enabled or `madvise`. The buffer
 * is counted by V8 and unmapped by its backing store's deleter (page_buffer.cc). Null when this Node is not
 * the major version the addon was built for: the caller then allocates as usual.
 */
static napi_value lsm_alloc_pages(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t length;
  if (!lsm_get_args(env, info, 1, argv) || !lsm_get_size(env, argv[0], &length) || length == 0) {
    return lsm_throw(env, "EINVAL", "allocPages(length): length must be a positive safe integer");
  }
  napi_value nothing;
  if (!lsm_uncounted_supported(env)) return napi_get_null(env, &nothing) == napi_ok ? nothing : NULL;
  if ((uint64_t)length > (uint64_t)lsm_page_max_length() || (uint64_t)length > (uint64_t)SIZE_MAX - 2 * LSM_HUGE_PAGE) {
    return lsm_throw(env, "ENOMEM", "allocPages: length is more than an ArrayBuffer can hold");
  }
  int prot = PROT_READ | PROT_WRITE;
  int flags = MAP_PRIVATE | MAP_ANONYMOUS;
  void* addr = lsm_mmap_huge_aligned((size_t)length, prot, flags, -1, 0);
  if (addr == MAP_FAILED) addr = mmap(NULL, (size_t)length, prot, flags, -1, 0);
  if (addr == MAP_FAILED) return lsm_throw_errno(env, "mmap", errno);
#ifdef MADV_HUGEPAGE
  if ((size_t)length >= LSM_HUGE_PAGE) (void)madvise(addr, (size_t)length, MADV_HUGEPAGE);
#endif
  napi_value buffer = lsm_page_arraybuffer(env, addr, (size_t)length);
  if (buffer == NULL) {
    munmap(addr, (size_t)length);
    return lsm_throw(env, "EEXTERNAL", "allocPages: no V8 isolate is current");
  }
  return buffer;
}

static napi_value lsm_unmap(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!lsm_get_args(env, info, 2, argv)) return lsm_throw(env, "EINVAL", "unmap(handle, arrayBuffer) needs 2 arguments");
  lsm_mapping* m = lsm_get_mapping(env, argv[0]);
  if (m == NULL) return lsm_throw(env, "EINVAL", "unmap: not a mapping handle");
  if (m->unmapped) return lsm_bool(env, 1);
  bool is_buffer = false;
  if (napi_is_arraybuffer(env, argv[1], &is_buffer) != napi_ok || !is_buffer) {
    return lsm_throw(env, "EINVAL", "unmap: the second argument must be the mapping's ArrayBuffer");
  }
  void* data = NULL;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, argv[1], &data, &length) != napi_ok) return NULL;
  if (data != NULL && data != m->addr) return lsm_throw(env, "EINVAL", "unmap: that ArrayBuffer is not this mapping's");
  if (data == NULL) {
    /*
     * Already detached, and not by us: its memory was moved to another ArrayBuffer (ES2024
     * ArrayBuffer.prototype.transfer moves the backing store). Unmapping now would leave that buffer dangling,
     * so the mapping stays until the buffer holding it is collected: its finalizer unmaps (counted), or a
     * later release() finds the store released (uncounted).
     */
    return lsm_bool(env, m->uncounted ? lsm_try_unmap_uncounted(m) : 0);
  }
  /* Detach first: from here on every typed array over the mapping reads as length 0. */
  if (napi_detach_arraybuffer(env, argv[1]) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) return NULL;
    return lsm_throw(env, "EDETACH", "unmap: the ArrayBuffer cannot be detached; the mapping is kept");
  }
  if (m->uncounted) return lsm_bool(env, lsm_try_unmap_uncounted(m));
  lsm_do_unmap(m);
  return lsm_bool(env, 1);
}

/*
 * release(handle) -> boolean: for an uncounted mapping whose ArrayBuffer was collected or detached, unmap it
 * once no reference to its memory is left; true when it is unmapped (always true for counted mappings, which
 * their buffer's finalizer unmaps).
 */
static napi_value lsm_release_mapping(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!lsm_get_args(env, info, 1, argv)) return lsm_throw(env, "EINVAL", "release(handle) needs 1 argument");
  lsm_mapping* m = lsm_get_mapping(env, argv[0]);
  if (m == NULL) return lsm_throw(env, "EINVAL", "release: not a mapping handle");
  return lsm_bool(env, m->uncounted ? lsm_try_unmap_uncounted(m) : 1);
}

static napi_value lsm_advise(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  int64_t offset, length;
  int32_t advice;
  if (!lsm_get_args(env, info, 4, argv)) return lsm_throw(env, "EINVAL", "advise(handle, offset, length, advice) needs 4 arguments");
  lsm_mapping* m = lsm_get_mapping(env, argv[0]);
  if (m == NULL) return lsm_throw(env, "EINVAL", "advise: not a mapping handle");
  if (!lsm_get_size(env, argv[1], &offset) || !lsm_get_size(env, argv[2], &length)) {
    return lsm_throw(env, "EINVAL", "advise: offset and length must be non-negative safe integers");
  }
  if (napi_get_value_int32(env, argv[3], &advice) != napi_ok) return lsm_throw(env, "EINVAL", "advise: advice must be an integer");
  int native;
  switch (advice) {
    case 0: native = MADV_NORMAL; break;
    case 1: native = MADV_SEQUENTIAL; break;
    case 2: native = MADV_RANDOM; break;
    case 3: native = MADV_WILLNEED; break;
    case 4:
#ifdef MADV_POPULATE_READ
      native = MADV_POPULATE_READ; /* Linux 5.14+: fault the pages in now, one system call for the range */
#else
      native = MADV_WILLNEED; /* elsewhere: at least start reading them */
#endif
      break;
    default: return lsm_throw(env, "EINVAL", "advise: unknown advice");
  }
  if (m->unmapped) return NULL;
  void* start;
  size_t size;
  if (!lsm_subrange(m, offset, length, &start, &size)) return NULL;
  if (madvise(start, size, native) != 0) {
    int err = errno;
    /* A kernel older than its headers (before 5.14) refuses MADV_POPULATE_READ: fall back to WILLNEED. */
    if (advice == 4 && err == EINVAL && madvise(start, size, MADV_WILLNEED) == 0) return NULL;
    return lsm_throw_errno(env, "madvise", err);
  }
  return NULL;
}

static napi_value lsm_sync(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int64_t offset, length;
  if (!lsm_get_args(env, info, 3, argv)) return lsm_throw(env, "EINVAL", "sync(handle, offset, length) needs 3 arguments");
  lsm_mapping* m = lsm_get_mapping(env, argv[0]);
  if (m == NULL) return lsm_throw(env, "EINVAL", "sync: not a mapping handle");
  if (!lsm_get_size(env, argv[1], &offset) || !lsm_get_size(env, argv[2], &length)) {
    return lsm_throw(env, "EINVAL", "sync: offset and length must be non-negative safe integers");
  }
  if (m->unmapped || !m->writable) return NULL;
  void* start;
  size_t size;
  if (!lsm_subrange(m, offset, length, &start, &size)) return NULL;
  if (msync(start, size, MS_SYNC) != 0) return lsm_throw_errno(env, "msync", errno);
  return NULL;
}

static napi_value lsm_file_size(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t fd;
  if (!lsm_get_args(env, info, 1, argv)) return lsm_throw(env, "EINVAL", "fileSize(fd) needs 1 argument");
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) return lsm_throw(env, "EINVAL", "fileSize: fd must be a non-negative integer");
  struct stat st;
  if (fstat(fd, &st) != 0) return lsm_throw_errno(env, "fstat", errno);
  napi_value result;
  if (napi_create_double(env, (double)st.st_size, &result) != napi_ok) return NULL;
  return result;
}

static napi_value lsm_init(napi_env env, napi_value exports) {
  napi_value page;
  if (napi_create_double(env, (double)lsm_page_size(), &page) != napi_ok) return NULL;
  napi_value uncounted = lsm_bool(env, lsm_uncounted_supported(env));
  if (uncounted == NULL) return NULL;
  napi_value built_for;
  if (napi_create_int32(env, lsm_built_for_node_major(), &built_for) != napi_ok) return NULL;
  napi_property_descriptor props[] = {
    { "pageSize", NULL, NULL, NULL, NULL, page, napi_enumerable, NULL },
    { "uncounted", NULL, NULL, NULL, NULL, uncounted, napi_enumerable, NULL },
    { "builtForNodeMajor", NULL, NULL, NULL, NULL, built_for, napi_enumerable, NULL },
    { "map", NULL, lsm_map, NULL, NULL, NULL, napi_enumerable, NULL },
    { "unmap", NULL, lsm_unmap, NULL, NULL, NULL, napi_enumerable, NULL },
    { "release", NULL, lsm_release_mapping, NULL, NULL, NULL, napi_enumerable, NULL },
    { "advise", NULL, lsm_advise, NULL, NULL, NULL, napi_enumerable, NULL },
    { "sync", NULL, lsm_sync, NULL, NULL, NULL, napi_enumerable, NULL },
    { "fileSize", NULL, lsm_file_size, NULL, NULL, NULL, napi_enumerable, NULL },
    { "allocPages", NULL, lsm_alloc_pages, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, lsm_init)
