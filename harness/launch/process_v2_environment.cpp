// Boost 1.81 defines process_environment::on_setup in an .ipp that no header includes and that
// is not marked inline: it is compiled here, once per program.
#include "launch/process_v2.hpp"

#include <boost/process/v2/impl/environment.ipp>
