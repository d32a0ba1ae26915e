// glibc's mallopt and its M_* settings (dlrepl/SystemIO.swift says why).
#include <malloc.h>
