// Highlights one tip a day, picked from the list the build wrote into the page.
document.addEventListener('DOMContentLoaded', function showTodaysTip() {
  const tipItems = document.querySelectorAll('#tips li')
  if (tipItems.length === 0) return
  const dayNumber = Math.floor(Date.now() / 86400000)
  const todaysTip = tipItems[dayNumber % tipItems.length]
  document.getElementById('today').textContent = '오늘의 팁: ' + todaysTip.textContent
})
