{
  "targets": [
    {
      "target_name": "lightstream_mmap",
      "sources": ["native/lightstream_mmap.c", "native/uncounted_buffer.cc", "native/page_buffer.cc"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='win'", { "type": "none", "sources!": ["native/lightstream_mmap.c", "native/uncounted_buffer.cc", "native/page_buffer.cc"] }]
      ]
    }
  ]
}
