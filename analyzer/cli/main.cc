#include "policycheck/cli.h"

int main(int argc, char** argv) { return policycheck::cli::Main(argc, argv); }
