// Writes argv[1] bytes (a repeating pattern, 1 MiB at a time) to argv[2], or to stdout.
// The writing end of the stream benchmark's pipe between two instances.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: produce <bytes> [path]\n"); return 2; }
  unsigned long long left = strtoull(argv[1], NULL, 10);
  int fd = 1;
  if (argc > 2) {
    fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(argv[2]); return 2; }
  }
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)('a' + i % 26);
  while (left > 0) {
    size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
    ssize_t n = write(fd, buf, want);
    if (n <= 0) { perror("write"); return 3; }
    left -= (unsigned long long)n;
  }
  return 0;
}
