#include <cblas.h>

// OpenBLAS's kernel choice, exported by its DYNAMIC_ARCH builds (Debian's): `gotoblas_dynamic_quit` forgets the
// chosen core, `gotoblas_dynamic_init` chooses again (honouring OPENBLAS_CORETYPE). Not in cblas.h.
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);
