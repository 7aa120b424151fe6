/** C and C++ stages the tests compile: every helper of <zerolab.h>, in both languages. */

/** A mapper in C: reads its object, names itself and the object, sends a line to the sink. */
export const MAPPER_C = String.raw`#include <zerolab.h>
#include <ctype.h>

int main(void) {
  size_t len = 0;
  char *text = zl_read("input", &len);
  if (!text) return 1;
  size_t words = 0;
  int in_word = 0;
  for (size_t i = 0; i < len; i++) {
    int space = isspace((unsigned char)text[i]);
    if (!space && !in_word) words++;
    in_word = !space;
  }
  free(text);
  if (zl_printf("out/sink", "%zu %s %s", words, zl_object("?"), zl_name()) < 0) return 2;
  const char *tail = zl_env("GREETING", "none");
  if (zl_write("out/sink", " ", 1) || zl_write("out/sink", tail, strlen(tail))) return 3;
  return zl_write("out/sink", "\n", 1);
}
`

/** A reducer in C++: walks /dev/in in name order and prints what each peer sent. */
export const SINK_CPP = String.raw`#include <zerolab.h>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> lines;
  ZL_FOR_EACH("in", peer) {
    size_t len = 0;
    char *text = zl_read_peer(peer, &len);
    lines.push_back(std::string(peer) + ": " + std::string(text ? text : "(unreadable)\n", text ? len : 13));
    free(text);
  }
  zl_list_t out = zl_list("out");
  std::printf("%zu peers, %zu downstream\n", lines.size(), out.count);
  zl_list_free(&out);
  for (const auto &l : lines) std::fputs(l.c_str(), stdout);
  return 0;
}
`
