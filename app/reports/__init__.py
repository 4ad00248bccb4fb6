"""Compiled status (tổng hợp) and the periodic report (báo cáo định kỳ)."""
