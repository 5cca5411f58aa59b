"""Training and fostering (đào tạo, bồi dưỡng): the political schools' programmes and classes,
their trainees and results, and the theory levels a class gives (issue #20)."""
