module example.com/meetingclock

go 1.19
