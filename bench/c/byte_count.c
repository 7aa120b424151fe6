// Counts the bytes of a file (argv[1]) or of stdin, read in 1 MiB pieces, and prints the count.
// The same source runs as a Wasm guest (clang --target=wasm32-wasi) and natively
// (`cat FILE | byte_count`), so the stream benchmark compares like with like.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv) {
  int fd = 0;
  if (argc > 1) {
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 2; }
  }
  unsigned long long total = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) { perror("read"); return 3; }
    if (n == 0) break;
    total += (unsigned long long)n;
  }
  printf("%llu\n", total);
  return 0;
}
