/* Word count mapper in C (zerocloud.md §1.7), built with clang --target=wasm32-wasi.
 * Reads /dev/input (or argv[1] when run natively), counts whitespace-separated words and
 * writes "<count> <container/object>" to /dev/out/reduce (or stdout natively). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *object_name(const char *fallback) {
  const char *p = getenv("LOCAL_PATH_INFO"); /* /account/container/object */
  if (!p) return fallback;
  const char *q = strchr(p + 1, '/');
  return q ? q + 1 : p;
}

int main(int argc, char **argv) {
  const char *in_path = argc > 1 ? argv[1] : "/dev/input";
  FILE *in = fopen(in_path, "rb");
  if (!in) {
    fprintf(stderr, "cannot open %s\n", in_path);
    return 1;
  }
  static unsigned char buf[1 << 16];
  unsigned long long words = 0;
  int in_word = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    for (size_t i = 0; i < n; i++) {
      unsigned char c = buf[i];
      int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
      if (!space && !in_word) words++;
      in_word = !space;
    }
  }
  fclose(in);
  FILE *out = argc > 1 ? stdout : fopen("/dev/out/reduce", "wb");
  if (!out) {
    fprintf(stderr, "cannot open /dev/out/reduce\n");
    return 1;
  }
  fprintf(out, "%llu %s\n", words, object_name(in_path));
  return fclose(out) == 0 ? 0 : 1;
}
