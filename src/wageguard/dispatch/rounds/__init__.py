"""Prefecture progress reports (进展情况, issue 13 item 2): the province's dispatch rounds and
each prefecture's report, whose figures are the dispatch KPIs frozen when it is submitted."""
