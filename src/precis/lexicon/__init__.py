"""What words mean, in one place: numbers and quantities, units, months and weekdays, stop words."""
