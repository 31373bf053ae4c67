// Reads nothing and prints nothing: the binding must still answer 200 with an empty body.
int main(void) { return 0; }
