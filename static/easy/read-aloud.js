// Progressive enhancement for the easy pages (routes/(easy)): the pages work without it.
// 1. "Vorlesen": where the browser can speak, a button reads the page's main text aloud in the
//    page's language and stops on a second press. Without speech synthesis no button appears.
// 2. Live "now": the regions marked data-live-refresh are fetched again every 20 s and swapped
//    when they changed; the change is announced politely. Any failure leaves the page as it was.
(function () {
	'use strict';
	var root = document.querySelector('.easy');
	if (!root) return;
	var lang = document.documentElement.lang || 'de';

	if ('speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function') {
		document.querySelectorAll('[data-read-aloud]').forEach(function (section) {
			var button = document.createElement('button');
			button.type = 'button';
			button.className = 'secondary read-aloud';
			var icon = document.createElement('img');
			icon.src = '/pictograms/read-aloud.svg';
			icon.alt = '';
			icon.width = 32;
			icon.height = 32;
			var label = document.createElement('span');
			button.append(icon, label);
			var speaking = false;
			function show(on) {
				speaking = on;
				label.textContent = on ? root.dataset.stopLabel : root.dataset.readLabel;
				button.setAttribute('aria-pressed', on ? 'true' : 'false');
			}
			show(false);
			button.addEventListener('click', function () {
				window.speechSynthesis.cancel();
				if (speaking) return show(false);
				// The text as shown, without the buttons' own labels.
				var copy = section.cloneNode(true);
				copy.querySelectorAll('button, script, style, .visually-hidden').forEach(function (el) {
					el.remove();
				});
				var utterance = new SpeechSynthesisUtterance(copy.innerText || copy.textContent || '');
				utterance.lang = lang;
				utterance.onend = utterance.onerror = function () {
					show(false);
				};
				show(true);
				window.speechSynthesis.speak(utterance);
			});
			section.insertBefore(button, section.firstChild);
		});
	}

	// Every part marked for it is refreshed together ("Jetzt" and the agenda's current item), so
	// the page never says two different things about what is on now.
	var live = Array.prototype.slice.call(document.querySelectorAll('[data-live-refresh][id]'));
	var status = document.getElementById('easy-live-status');
	if (live.length > 0 && window.fetch && window.DOMParser) {
		setInterval(function () {
			if (document.hidden) return;
			fetch(location.pathname, { credentials: 'same-origin', headers: { accept: 'text/html' } })
				.then(function (response) {
					return response.ok ? response.text() : null;
				})
				.then(function (html) {
					if (!html) return;
					var page = new DOMParser().parseFromString(html, 'text/html');
					var changed = false;
					live.forEach(function (region) {
						var fresh = page.getElementById(region.id);
						if (!fresh || fresh.innerHTML === region.innerHTML) return;
						region.innerHTML = fresh.innerHTML;
						changed = true;
					});
					if (changed && status) status.textContent = root.dataset.updatedLabel;
				})
				.catch(function () {});
		}, 20000);
	}
})();
