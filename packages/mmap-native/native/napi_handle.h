/*
 * The V8 C++ files of the addon hand V8 handles back through Node-API. napi_value is V8's Local<Value>
 * handle, as in Node's own Node-API implementation (js_native_api_v8.h).
 */
#ifndef LIGHTSTREAM_NAPI_HANDLE_H
#define LIGHTSTREAM_NAPI_HANDLE_H

#include <node_api.h>
#include <v8.h>

#include <cstring>

namespace lightstream {

inline napi_value ToNapi(v8::Local<v8::Value> local) {
  napi_value value;
  static_assert(sizeof(value) == sizeof(local), "napi_value is a V8 Local handle");
  std::memcpy(static_cast<void*>(&value), static_cast<void*>(&local), sizeof(value));
  return value;
}

}  // namespace lightstream

#endif
