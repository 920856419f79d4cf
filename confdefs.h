/* confdefs.h */
#define PACKAGE_NAME "casebook"
#define PACKAGE_TARNAME "casebook"
#define PACKAGE_VERSION "0.1.0"
#define PACKAGE_STRING "casebook 0.1.0"
#define PACKAGE_BUGREPORT ""
#define PACKAGE_URL ""
#define PACKAGE "casebook"
#define VERSION "0.1.0"
