"""A dispatch round's documents (issue 13 item 4): the 调度情况报告 and the 通报 as Word (packaged
docxtpl templates, editable in Word: templates/) and Excel (one sheet per prefecture, native
charts), generated on demand by the province's task force and by the daily job the day after the
round's due date, archived (`DispatchDocument`) and downloadable from the round page.

Every figure is `meeting.briefing.build`'s, the same as the meeting screen's."""
