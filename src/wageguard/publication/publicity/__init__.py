"""The publicity log (宣传台账): each bureau's publicity activities by channel, counted by
channel, period and prefecture (Decree 724 arts. 9, 46)."""
