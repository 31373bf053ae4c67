// Stand-in for the Dapr docs' seed example, `ruby -ne 'print "Hello "; print'`, as a small
// WASI command: the real Ruby is a 30 MB download, this is built from source with the project.
//
// It accepts exactly the argv that the component passes for that example,
//   hello -ne 'print "Hello "; print'
// and then behaves like Ruby's -n loop with that script: for every line of stdin (the last one
// may lack its newline) it prints "Hello " followed by the line as read. Any other argv is
// refused on stderr with exit status 2, so a caller cannot mistake it for a general Ruby.
//
// Over Dapr's HTTP API the request's `data` reaches stdin re-encoded as JSON, so
// `"data":"salaboy"` arrives as the 9 bytes "salaboy" with quotes and the reply is
// `Hello "salaboy"`.
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kScript[] = "print \"Hello \"; print";

int main(int argc, char** argv) {
  if (argc != 3 || strcmp(argv[1], "-ne") != 0 || strcmp(argv[2], kScript) != 0) {
    fprintf(stderr,
            "hello: this stand-in only runs `ruby -ne '%s'`; pass metadata.args "
            "\"-ne,%s\"\n",
            kScript, kScript);
    return 2;
  }
  char* line = NULL;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&line, &capacity, stdin)) > 0) {
    fputs("Hello ", stdout);
    fwrite(line, 1, (size_t)length, stdout);
  }
  free(line);
  return ferror(stdin) ? 1 : 0;
}
