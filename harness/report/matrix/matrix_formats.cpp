#include "report/matrix/matrix_formats.hpp"

namespace connectspec {

const std::vector<MatrixFormat>& matrix_formats() {
  static const std::vector<MatrixFormat> kFormats{
      {"html", "Write the matrix as one self-contained HTML page here", write_matrix_html},
      {"json", "Write the matrix as JSON (connectspec-matrix/1) here", write_matrix_json},
      {"markdown", "Write the matrix as GitHub-flavoured Markdown here", write_matrix_markdown},
  };
  return kFormats;
}

}  // namespace connectspec
