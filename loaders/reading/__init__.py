"""A workbook's sheets read into rows of canonical values, each problem named by file,
sheet, row and column."""
